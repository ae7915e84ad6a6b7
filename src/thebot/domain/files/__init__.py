"""Files people upload: checked by content, stored under platform-made keys, served safely."""
