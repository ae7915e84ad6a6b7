"""One controller module per domain; thin: decode, call the service, commit, encode."""
