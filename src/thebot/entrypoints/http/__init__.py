"""The HTTP edge: Litestar controllers translating requests into domain calls and back."""
