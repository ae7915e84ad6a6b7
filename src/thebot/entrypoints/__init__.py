"""The edge: HTTP and WebSocket, the SAQ worker, the ``thebot`` command line."""
