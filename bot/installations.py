"""Where each workspace's (or Enterprise org's) installation lives: slack-sdk's SQLAlchemy
stores on the project's own database, with every token encrypted at rest.

slack-sdk keeps tokens in plain text, so the store is wrapped: a bot, user or refresh token is
Fernet-encrypted before a row is written and decrypted when it is read. OPENDOOR_TOKEN_KEYS lists
the keys newest first: new rows are written with the first, and any listed key reads a row, so a
key is rotated by putting a new one first, re-encrypting (`rotate`, or simply each next write),
then dropping the old one.
"""

from __future__ import annotations

import copy
from logging import Logger
from typing import TypeVar

from cryptography.fernet import Fernet, MultiFernet
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Connection, Engine, Table, select, update

BOT_TOKENS = ("bot_token", "bot_refresh_token")
USER_TOKENS = ("user_token", "user_refresh_token")
# slack-sdk's tables, which migration 0019 creates (wider, for sealed tokens).
INSTALLATION_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")
# How long a person has between opening /slack/install and coming back from Slack.
STATE_SECONDS = 600

Row = TypeVar("Row", Bot, Installation)


def token_keys(setting: str) -> MultiFernet:
    """The keys from OPENDOOR_TOKEN_KEYS, newest first; a malformed key stops the start."""
    keys = [Fernet(key.strip().encode()) for key in setting.split(",") if key.strip()]
    if not keys:
        raise ValueError("OPENDOOR_TOKEN_KEYS holds no key")
    return MultiFernet(keys)


class EncryptedInstallationStore(InstallationStore):
    """slack-sdk's SQLAlchemy store, with every token sealed on the way in and opened on the way
    out; Bolt (its authorize, its OAuth flow) sees only the plain Installation and Bot."""

    def __init__(self, inner: SQLAlchemyInstallationStore, keys: MultiFernet) -> None:
        self.inner = inner
        self._keys = keys

    @property
    def logger(self) -> Logger:
        return self.inner.logger

    def save(self, installation: Installation) -> None:
        self.inner.save(self._sealed(installation, BOT_TOKENS + USER_TOKENS))

    def save_bot(self, bot: Bot) -> None:
        self.inner.save_bot(self._sealed(bot, BOT_TOKENS))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = self.inner.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return None if bot is None else self._opened(bot, BOT_TOKENS)

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        installation = self.inner.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        if installation is None:
            return None
        return self._opened(installation, BOT_TOKENS + USER_TOKENS)

    def bot_for(self, team_id: str, enterprise_id: str | None) -> Bot | None:
        """The bot to send as in this workspace, for the outbox and the jobs (scheduled work knows
        the workspace, not how it was installed): the newest installed in the workspace itself,
        else the newest installed org-wide for its Enterprise org."""
        bots = self.inner.bots.c
        mine = bots.team_id == team_id
        if enterprise_id:
            mine = mine | (
                (bots.enterprise_id == enterprise_id)
                & bots.is_enterprise_install.is_(True)
                & bots.team_id.is_(None)
            )
        query = (
            select(self.inner.bots)
            .where(bots.client_id == self.inner.client_id, mine, bots.bot_token.is_not(None))
            .order_by(bots.team_id.is_(None), bots.installed_at.desc())  # the workspace's first
            .limit(1)
        )
        with self.inner.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else self._opened(self.inner.build_bot_entity(row), BOT_TOKENS)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    def rotate(self) -> int:
        """Re-encrypt every stored token with the newest key; returns how many rows changed.
        Run after putting a new key first, before the old one leaves OPENDOOR_TOKEN_KEYS."""
        rotated = 0
        with self.inner.engine.begin() as connection:
            for table, columns in (
                (self.inner.bots, BOT_TOKENS),
                (self.inner.installations, BOT_TOKENS + USER_TOKENS),
            ):
                rotated += _rotate_table(connection, table, columns, self._keys)
        return rotated

    def _sealed(self, row: Row, fields: tuple[str, ...]) -> Row:
        sealed = copy.copy(row)
        for field in fields:
            value = getattr(row, field, None)
            if value:
                setattr(sealed, field, self._keys.encrypt(value.encode()).decode())
        return sealed

    def _opened(self, row: Row, fields: tuple[str, ...]) -> Row:
        for field in fields:
            value = getattr(row, field, None)
            if value:
                setattr(row, field, self._keys.decrypt(value.encode()).decode())
        return row


def _rotate_table(
    connection: Connection, table: Table, columns: tuple[str, ...], keys: MultiFernet
) -> int:
    rotated = 0
    for row in connection.execute(select(table.c.id, *(table.c[name] for name in columns))):
        values = {
            name: keys.rotate(row._mapping[name].encode()).decode()
            for name in columns
            if row._mapping[name]
        }
        if values:
            connection.execute(update(table).where(table.c.id == row.id).values(**values))
            rotated += 1
    return rotated


def installation_store(client_id: str, engine: Engine, keys: str) -> EncryptedInstallationStore:
    return EncryptedInstallationStore(
        SQLAlchemyInstallationStore(client_id=client_id, engine=engine), token_keys(keys)
    )


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
