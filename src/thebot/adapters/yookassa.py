"""``PaymentGateway`` over YooKassa's API v3: HTTP Basic auth (shop id, secret key), JSON bodies,
an ``Idempotence-Key`` on every POST.

How each answer is read:

- 200: the payment or refund object, decoded into the port's types.
- 500, 502, 503, 504, 202 (YooKassa's old "still processing"), 429, a timeout and a dropped or
  refused connection: the outcome is unknown, or the request was not taken. The same request is
  sent again with the same ``Idempotence-Key`` (YooKassa answers a repeated key with the result
  of the first request, so a retry never makes a second payment or refund), up to ``attempts``
  times in all; between tries it waits YooKassa's ``retry_after`` (milliseconds, capped) or a
  short doubling backoff. After the last try: ``GatewayUnavailable``. A 200 whose body cannot
  be read counts the same way.
- 404 ``not_found`` to a GET of a payment: ``PaymentNotFound``.
- any other 4xx (``invalid_request``, ``invalid_credentials``, ``forbidden``, ``not_found``
  elsewhere): ``GatewayRejected`` with YooKassa's code, description and parameter, no retry.
- 1xx, 3xx and other 2xx: not YooKassa (a misdirected URL, most likely): ``GatewayUnavailable``
  at once.

Amounts travel as strings with two decimals, never as floats. The secret key goes only into the
``Authorization`` header: never into an exception, a log line or a repr.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, NoReturn, TypeVar
from urllib.parse import quote

import httpx
import msgspec
import structlog

from thebot.domain.payments.gateway import (
    GatewayRejected,
    GatewayUnavailable,
    NewProviderPayment,
    PaymentNotFound,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
    Receipt,
)

log = structlog.get_logger("thebot.yookassa")

# The port's refund carries no currency; the school takes roubles only.
REFUND_CURRENCY = "RUB"
BACKOFF = 0.5  # seconds before the second try; doubled before each next one
MAX_WAIT = 5.0  # the longest wait between tries, whatever ``retry_after`` asks
MAX_ERROR_TEXT = 500
RETRIED_STATUSES = frozenset({202, 429, 500, 502, 503, 504})

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


class _Amount(msgspec.Struct):
    value: Decimal
    currency: str


class _Confirmation(msgspec.Struct):
    type: str
    confirmation_url: str | None = None


class _PaymentMethod(msgspec.Struct):
    type: str
    id: str | None = None
    saved: bool = False


class _CancellationDetails(msgspec.Struct):
    party: str | None = None
    reason: str | None = None


class _Payment(msgspec.Struct):
    id: str
    status: ProviderStatus
    amount: _Amount
    paid: bool
    confirmation: _Confirmation | None = None
    refunded_amount: _Amount | None = None
    payment_method: _PaymentMethod | None = None
    cancellation_details: _CancellationDetails | None = None
    metadata: dict[str, str] = msgspec.field(default_factory=dict)


class _Refund(msgspec.Struct):
    id: str
    payment_id: str
    status: str
    amount: _Amount


class _Error(msgspec.Struct):
    code: str | None = None
    description: str | None = None
    parameter: str | None = None
    retry_after: float | None = None  # milliseconds


class _Retry(Exception):
    """One try's transient failure: what went wrong, and how long YooKassa asked us to wait."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class YooKassaGateway:
    """Talks to one YooKassa shop through one httpx client."""

    def __init__(
        self,
        api_url: str,
        shop_id: str,
        secret_key: str,
        timeout: float = 10.0,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        attempts: int = 3,
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._shop_id = shop_id
        self._secret_key = secret_key
        self._timeout = timeout
        self._sleep = sleep
        self._attempts = max(1, attempts)
        self._client = httpx.AsyncClient(
            base_url=self._api_url,
            auth=httpx.BasicAuth(shop_id, secret_key),
            headers={"Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"YooKassaGateway(api_url={self._api_url!r}, shop_id={self._shop_id!r})"

    async def create(self, payment: NewProviderPayment) -> ProviderPayment:
        body = _payment_body(payment)
        key = payment.idempotence_key
        return _payment(await self._request("POST", "/payments", _Payment, body=body, key=key))

    async def get(self, provider_payment_id: str) -> ProviderPayment:
        return _payment(await self._request("GET", _payment_path(provider_payment_id), _Payment))

    async def cancel(self, provider_payment_id: str, idempotence_key: str) -> ProviderPayment:
        path = _payment_path(provider_payment_id) + "/cancel"
        return _payment(await self._request("POST", path, _Payment, key=idempotence_key))

    async def refund(
        self, provider_payment_id: str, amount: Decimal, idempotence_key: str, description: str
    ) -> ProviderRefund:
        body: dict[str, Any] = {
            "payment_id": provider_payment_id,
            "amount": _money(amount, REFUND_CURRENCY),
        }
        if description:
            body["description"] = description
        refund = await self._request("POST", "/refunds", _Refund, body=body, key=idempotence_key)
        return ProviderRefund(
            id=refund.id,
            payment_id=refund.payment_id,
            status=refund.status,
            amount=refund.amount.value,
        )

    async def close(self) -> None:
        await self._client.aclose()

    # ----- one request, tried up to ``attempts`` times --------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        answer: type[T],
        *,
        body: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> T:
        """YooKassa's 200 answer, decoded; the same request (same key) on every try."""
        headers = {"Idempotence-Key": key} if key is not None else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        content = msgspec.json.encode(body) if body is not None else None
        reason = ""
        for attempt in range(1, self._attempts + 1):
            try:
                return await self._try(method, path, headers, content, answer)
            except _Retry as retry:
                reason = retry.reason
                if attempt == self._attempts:
                    break
                wait = BACKOFF * 2 ** (attempt - 1) if retry.wait is None else retry.wait
                wait = max(0.0, min(wait, MAX_WAIT))
                log.warning(
                    "yookassa.retry",
                    method=method,
                    path=path,
                    attempt=attempt,
                    reason=reason,
                    wait=wait,
                )
                await self._sleep(wait)
        raise GatewayUnavailable(
            f"YooKassa {method} {path}: {reason} (after {self._attempts} attempts)"
        )

    async def _try(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        content: bytes | None,
        answer: type[T],
    ) -> T:
        try:
            # One limit for the whole exchange (httpx's limits apply to each phase).
            async with asyncio.timeout(self._timeout):
                response = await self._client.request(
                    method, path, headers=headers, content=content
                )
        except (TimeoutError, httpx.TransportError) as exc:
            raise _Retry(
                f"no answer: {type(exc).__name__} {self._safe(str(exc))}".rstrip()
            ) from exc
        status = response.status_code
        if status == 200:
            try:
                return msgspec.json.decode(response.content, type=answer)
            except msgspec.DecodeError as exc:
                raise _Retry(f"unreadable answer: {exc}") from exc
        if status in RETRIED_STATUSES:
            error = self._error(response)
            wait = error.retry_after / 1000 if error.retry_after is not None else None
            raise _Retry(f"answered {status} {self._describe(error)}".rstrip(), wait)
        if 400 <= status < 500:
            self._reject(method, status, response)
        raise GatewayUnavailable(f"YooKassa {method} {path}: unexpected answer ({status})")

    def _reject(self, method: str, status: int, response: httpx.Response) -> NoReturn:
        error = self._error(response)
        if status == 404 and method == "GET" and error.code == "not_found":
            raise PaymentNotFound(error.description or "no such payment")
        raise GatewayRejected(
            error.code or f"http_{status}",
            error.description or "(no details)",
            error.parameter,
        )

    def _error(self, response: httpx.Response) -> _Error:
        """YooKassa's error body, with the secret scrubbed from its texts; empty when unreadable."""
        try:
            error = msgspec.json.decode(response.content, type=_Error)
        except msgspec.DecodeError:
            return _Error()
        return _Error(
            code=error.code,
            description=self._safe(error.description or "")[:MAX_ERROR_TEXT] or None,
            parameter=error.parameter,
            retry_after=error.retry_after,
        )

    @staticmethod
    def _describe(error: _Error) -> str:
        if error.code is None:
            return ""
        return f"{error.code}: {error.description or ''}".rstrip(": ")

    def _safe(self, text: str) -> str:
        return text.replace(self._secret_key, "***") if self._secret_key else text


# ----- request bodies ---------------------------------------------------------------------


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"value": f"{amount:.2f}", "currency": currency}


def _payment_body(payment: NewProviderPayment) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": _money(payment.amount, payment.currency),
        "capture": True,
        "description": payment.description,
        "metadata": dict(payment.metadata),
    }
    if payment.payment_method_id is not None:
        body["payment_method_id"] = payment.payment_method_id
    elif payment.return_url is not None:
        body["confirmation"] = {"type": "redirect", "return_url": payment.return_url}
    else:
        raise ValueError("a payment needs either a return_url or a payment_method_id")
    if payment.save_payment_method:
        body["save_payment_method"] = True
    if payment.receipt is not None:
        body["receipt"] = _receipt_body(payment.receipt, payment.currency)
    return body


def _receipt_body(receipt: Receipt, currency: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": {"email": receipt.customer_email},
        "items": [
            {
                "description": item.description,
                "quantity": f"{item.quantity:.2f}",
                "amount": _money(item.amount, currency),
                "vat_code": item.vat_code,
                "payment_subject": item.payment_subject,
                "payment_mode": item.payment_mode,
            }
            for item in receipt.items
        ],
    }
    if receipt.tax_system_code is not None:
        body["tax_system_code"] = receipt.tax_system_code
    return body


def _payment_path(provider_payment_id: str) -> str:
    return "/payments/" + quote(provider_payment_id, safe="")


# ----- answers ----------------------------------------------------------------------------


def _payment(payment: _Payment) -> ProviderPayment:
    method = payment.payment_method
    confirmation = payment.confirmation
    return ProviderPayment(
        id=payment.id,
        status=payment.status,
        amount=payment.amount.value,
        currency=payment.amount.currency,
        paid=payment.paid,
        confirmation_url=confirmation.confirmation_url if confirmation else None,
        refunded_amount=payment.refunded_amount.value if payment.refunded_amount else Decimal(0),
        saved_payment_method_id=method.id if method is not None and method.saved else None,
        cancellation_reason=(
            payment.cancellation_details.reason if payment.cancellation_details else None
        ),
        metadata=payment.metadata,
    )
