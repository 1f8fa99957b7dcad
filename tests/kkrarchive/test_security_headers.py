def test_pages_send_a_content_security_policy_without_unsafe_inline(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_send_nosniff_referrer_and_frame_headers(client, db):
    response = client.get("/soeg/", {"q": "sundhed"})
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
