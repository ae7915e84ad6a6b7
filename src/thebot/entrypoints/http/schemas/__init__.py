"""Request and response bodies of the API: the contract the web app's client is generated from."""
