"""The stored files (media folder) as plain values, like database.py does for rows: a refused
call must not add or remove a file, and putting the school back puts its files back too."""

from __future__ import annotations

from pathlib import Path

Files = dict[str, bytes]


def files_under(root: Path) -> Files:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def put_files_back(root: Path, files: Files) -> None:
    """Exactly ``files`` under ``root``: extra files removed, missing or changed ones rewritten."""
    for name in set(files_under(root)) - set(files):
        (root / name).unlink()
    for name, content in files.items():
        path = root / name
        if not path.exists() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
