{
  "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
  "verificationMaterial": {
    "publicKey": {
      "hint": "afb339d5573cb60cf6707898ccc0d341d205b9f31a5289b55a1bb8580360671b"
    },
    "tlogEntries": []
  },
  "dsseEnvelope": {
    "payload": "ewogICJfdHlwZSI6ICJodHRwczovL2luLXRvdG8uaW8vU3RhdGVtZW50L3YxIiwKICAic3ViamVjdCI6IFsKICAgIHsKICAgICAgIm5hbWUiOiAiZnJhdWQtc2NvcmVyIiwKICAgICAgImRpZ2VzdCI6IHsKICAgICAgICAic2hhMjU2IjogImE0MTk0MjcyYzBhMGZlOWJkYTY4ZjYxMjQ5NGM1NjgyMWJkM2U5YmRmOTJhYjBhN2U1N2I4MGIwNTlhN2E3MTMiCiAgICAgIH0KICAgIH0KICBdLAogICJwcmVkaWNhdGVUeXBlIjogImh0dHBzOi8vbW9kZWxfc2lnbmluZy9zaWduYXR1cmUvdjEuMCIsCiAgInByZWRpY2F0ZSI6IHsKICAgICJzZXJpYWxpemF0aW9uIjogewogICAgICAibWV0aG9kIjogImZpbGVzIiwKICAgICAgImhhc2hfdHlwZSI6ICJzaGEyNTYiLAogICAgICAiYWxsb3dfc3ltbGlua3MiOiBmYWxzZSwKICAgICAgImlnbm9yZV9wYXRocyI6IFsKICAgICAgICAibW9kZWwuc2lnIiwKICAgICAgICAiLmdpdCIsCiAgICAgICAgIi5naXRhdHRyaWJ1dGVzIiwKICAgICAgICAiLmdpdGh1YiIsCiAgICAgICAgIi5naXRpZ25vcmUiCiAgICAgIF0KICAgIH0sCiAgICAicmVzb3VyY2VzIjogWwogICAgICB7CiAgICAgICAgImFsZ29yaXRobSI6ICJzaGEyNTYiLAogICAgICAgICJkaWdlc3QiOiAiNzFkYTc5ZmQyMTU1MzM2Mjc5ZWEwZmM1NWYwYTdjNjc3ZmQzZWVhMDcyZjk1NDhiMjkyNTc4OTBjZmVlN2M1YyIsCiAgICAgICAgIm5hbWUiOiAibW9kZWwuc2FmZXRlbnNvcnMiCiAgICAgIH0KICAgIF0KICB9Cn0=",
    "payloadType": "application/vnd.in-toto+json",
    "signatures": [
      {
        "sig": "MEUCIQCvkJG0E/3mcZAqSSPuw84Ux+mJWiF7WuNk5g4jUy8bxAIgIYg/IAt5snDmI12NauI/vkJhyVs3R5kEeAMMGG2PtNE=",
        "keyid": ""
      }
    ]
  }
}
