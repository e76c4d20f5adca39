from django.test import Client


def test_pages_carry_a_strict_content_security_policy_and_other_headers(
    client: Client, db: None
) -> None:
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # No inline scripts at all: the nonce is never even needed.
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(client: Client, db: None) -> None:
    body = client.get("/en/").content.decode()
    for chunk in body.split("<script")[1:]:
        head = chunk.split(">", 1)[0]
        # Either an external file or data (json_script), never inline code.
        assert "src=" in head or 'type="application/json"' in head, head
