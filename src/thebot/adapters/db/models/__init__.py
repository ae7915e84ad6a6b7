"""Every table of the platform. Importing this package registers them all on the metadata."""

from advanced_alchemy.base import orm_registry

from thebot.adapters.db.models.accounts import AuthSessionModel, RefreshTokenModel, UserModel

metadata = orm_registry.metadata

__all__ = ["AuthSessionModel", "RefreshTokenModel", "UserModel", "metadata"]
