"""Sending mail over SMTP, with failures sorted by what to do about them.

:class:`SmtpMailer` keeps one connection for a whole batch (connecting, STARTTLS and login cost
more than a message) and reconnects after a failure. Every failure becomes one of three errors:

- :class:`ServerUnavailable`: the server cannot be reached, refuses TLS or the login, or
  refuses the sender; nobody can be sent to, so a batch stops and leaves the rest for later;
- :class:`TemporaryFailure`: a 4xx reply or a dropped connection; try this message again;
- :class:`PermanentFailure`: a 5xx reply to the recipient or the message; trying again will
  not help.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from giveback.core.settings import Settings


class SendError(Exception):
    """A message could not be handed to the SMTP server."""


class ServerUnavailable(SendError):
    """No message can go out now: connection, TLS, login or sender refused."""


class TemporaryFailure(SendError):
    """This message failed for now; another try may work."""


class PermanentFailure(SendError):
    """The server refused this message or its recipient for good."""


class Mailer(Protocol):
    """What the batch sender needs of a mail transport."""

    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send (from ``GIVEBACK_SMTP_*``)."""

    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    ca_file: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        """The SMTP settings."""
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_starttls,
            settings.smtp_ssl,
            settings.smtp_user,
            password,
            settings.smtp_timeout,
            settings.smtp_ca_file,
        )

    def describe(self) -> str:
        """ "smtp.example.org:587 (STARTTLS, login as ann)" (never the password)."""
        how = "TLS" if self.ssl else "STARTTLS" if self.starttls else "plain"
        who = f", login as {self.user}" if self.user else ""
        return f"{self.host}:{self.port} ({how}{who})"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = (
        exc.smtp_error.decode("utf-8", "replace")
        if isinstance(exc.smtp_error, bytes)
        else str(exc.smtp_error)
    )
    return f"{exc.smtp_code} {' '.join(text.split())}"


class SmtpMailer:
    """One SMTP connection, opened on the first message and reopened after a failure."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def _tls(self) -> ssl.SSLContext:
        cafile = str(self.config.ca_file) if self.config.ca_file else None
        return ssl.create_default_context(cafile=cafile)

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        where = config.describe()
        try:
            if config.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    config.host, config.port, timeout=config.timeout, context=self._tls()
                )
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            try:
                smtp.ehlo()
                if config.starttls and not config.ssl:
                    smtp.starttls(context=self._tls())
                    smtp.ehlo()
                if config.user:
                    smtp.login(config.user, config.password or "")
            except BaseException:
                smtp.close()
                raise
        except smtplib.SMTPAuthenticationError as exc:
            raise ServerUnavailable(f"{where}: login refused ({_reply(exc)})") from None
        except smtplib.SMTPNotSupportedError as exc:
            raise ServerUnavailable(f"{where}: {exc} (check GIVEBACK_SMTP_STARTTLS)") from None
        except ssl.SSLError as exc:
            raise ServerUnavailable(f"{where}: TLS failed ({exc.reason or exc})") from None
        except smtplib.SMTPResponseException as exc:
            raise ServerUnavailable(f"{where}: {_reply(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ServerUnavailable(f"{where}: cannot connect ({exc})") from None
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server (its To and From), or raise a :class:`SendError`."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            replies = list(exc.recipients.values())
            text = "; ".join(f"{code} {msg.decode('utf-8', 'replace')}" for code, msg in replies)
            if all(code >= 500 for code, _ in replies):
                raise PermanentFailure(f"recipient refused: {text}") from None
            raise TemporaryFailure(f"recipient deferred: {text}") from None
        except smtplib.SMTPSenderRefused as exc:
            self.close()
            if exc.smtp_code >= 500:
                raise ServerUnavailable(f"sender {exc.sender} refused: {_reply(exc)}") from None
            raise TemporaryFailure(f"sender deferred: {_reply(exc)}") from None
        except smtplib.SMTPResponseException as exc:
            self.close()
            if exc.smtp_code >= 500:
                raise PermanentFailure(f"message refused: {_reply(exc)}") from None
            raise TemporaryFailure(f"message deferred: {_reply(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            # A dropped connection (or a timeout): the next try reconnects.
            self.close()
            raise TemporaryFailure(f"connection lost: {exc}") from None
        if refused:
            raise TemporaryFailure(f"some recipients deferred: {refused}")

    def close(self) -> None:
        """Say goodbye to the server (quietly if it is gone already)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
