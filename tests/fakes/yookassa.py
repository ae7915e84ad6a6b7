"""A local YooKassa: API v3 payments and refunds over real HTTP, with switchable faults.

It follows YooKassa's contract: HTTP Basic auth with the shop id and secret key (401
``invalid_credentials`` otherwise) on every route; an ``Idempotence-Key`` on every POST (400
``invalid_request`` with ``parameter`` "Idempotence-Key" when missing or malformed); a repeated
key with the same method, path and body gets the stored answer of the first request, and with
anything else 400 "Idempotence key duplicated" (only successful answers are stored, and keys
never expire here); validation errors are 400 ``invalid_request`` naming the ``parameter``
(``amount.value``, ``description``, ``metadata``, ``confirmation.return_url``, ``receipt…``);
an unknown payment or refund is 404 ``not_found``.

Routes: ``POST /v3/payments``, ``GET /v3/payments/{id}``, ``POST /v3/payments/{id}/capture`` and
``/cancel`` (both only from ``waiting_for_capture``), ``POST /v3/refunds`` (only of a succeeded
payment, at most what is left of it; refunds succeed at once), ``GET /v3/refunds/{id}``. A new
payment is ``pending``, unpaid, ``test: true``, with a ``confirmation_url`` on this server (it
answers a small page). One with a ``payment_method_id`` (a method saved by an earlier payment
with ``save_payment_method``) skips confirmation and succeeds at once, or is canceled with
``permission_revoked`` once the method is revoked. The fake takes roubles only and wants amounts
with exactly two decimals (our adapter never sends anything else).

What a customer or YooKassa does is done from the test through methods (not HTTP): ``succeed``,
``wait_for_capture``, ``cancel`` with a reason, ``refund``, ``revoke_method``. Every status change
(these and the API's) is sent as a notification ``{"type": "notification", "event": …, "object":
…}`` to ``webhook_url`` when it is set, from a thread of its own, redelivered on anything but
200 a few times at a short interval; ``await webhooks_delivered()`` waits for them.

Faults, each for the next N requests: 500 before or after the operation is applied, 202 after
it is applied, 429 with ``retry_after``, and a hang longer than the client's timeout after it is
applied. Every request is recorded (method, path, headers, parsed body, the status answered).

The server runs uvicorn in a thread of its own, so it answers whatever the test's loop does.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import re
import secrets
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import msgspec

from tests.fakes.server import FakeService, read_body

SHOP_ID = "506751"
SECRET_KEY = "test_fake_secret_key_not_real_0000"
GATEWAY_ID = "1783284"
PREFIX = "/v3"
CHECKOUT_PATH = "/checkout/payments/v2/contract"

AMOUNT = re.compile(r"\d{1,12}\.\d{2}")
QUANTITY = re.compile(r"\d{1,9}(\.\d{1,3})?")
IDEMPOTENCE_KEY = re.compile(r"[0-9a-zA-Z+\-_.]{1,64}")
PAYMENT_SUBJECTS = frozenset(
    {"commodity", "excise", "job", "service", "payment", "agent_commission", "another"}
)
PAYMENT_MODES = frozenset(
    {
        "full_prepayment",
        "partial_prepayment",
        "advance",
        "full_payment",
        "partial_payment",
        "credit",
        "credit_payment",
    }
)

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Answer = tuple[int, bytes]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: Any  # the parsed JSON; None when there was none or it did not parse
    status: int = 0

    @property
    def idempotence_key(self) -> str | None:
        return self.headers.get("idempotence-key")


@dataclass
class Webhook:
    event: str
    body: dict[str, Any]
    statuses: list[int | None] = field(default_factory=list)  # per try; None: no answer


class Problem(Exception):
    """An error answer: YooKassa's error body with its HTTP status."""

    def __init__(
        self, status: int, code: str, description: str, parameter: str | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.body: dict[str, Any] = {
            "type": "error",
            "id": str(uuid.uuid4()),
            "code": code,
            "description": description,
        }
        if parameter is not None:
            self.body["parameter"] = parameter


def invalid(parameter: str | None, description: str) -> Problem:
    return Problem(400, "invalid_request", description, parameter)


def new_id(kind: str) -> str:
    """An id shaped like YooKassa's: ``2f3b588d-000f-5000-8000-1d6e87c7fbde``."""
    stamp = int(time.time()) & 0xFFFFFFFF
    return f"{stamp:08x}-{kind}-5000-{secrets.choice('89ab')}000-{secrets.token_hex(6)}"


def timestamp(days: float = 0) -> str:
    return (
        (datetime.now(UTC) + timedelta(days=days))
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def money(value: Decimal, currency: str) -> dict[str, str]:
    return {"value": f"{value:.2f}", "currency": currency}


class FakeYooKassa(FakeService):
    def __init__(
        self,
        *,
        shop_id: str = SHOP_ID,
        secret_key: str = SECRET_KEY,
        currencies: tuple[str, ...] = ("RUB",),
        webhook_url: str | None = None,
        webhook_attempts: int = 3,
        webhook_retry_delay: float = 0.05,
    ) -> None:
        super().__init__("the fake YooKassa", threading.RLock())
        self.shop_id = shop_id
        self.secret_key = secret_key
        self.currencies = currencies
        self.webhook_url = webhook_url
        self.webhook_attempts = webhook_attempts
        self.webhook_retry_delay = webhook_retry_delay
        self.payments: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        self.webhooks: list[Webhook] = []
        self._keys: dict[str, tuple[str, bytes]] = {}  # key -> (fingerprint, answer)
        self._capture: dict[str, bool] = {}  # payment id -> its ``capture``
        self._save_method: set[str] = set()  # payments asking to save their method
        self._methods: dict[str, bool] = {}  # saved method id -> revoked
        self._deliveries: list[Future[None]] = []
        self._stopping = threading.Event()
        self._executor: ThreadPoolExecutor | None = None

    # ----- control ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._http.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + PREFIX

    def payment(self, payment_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self.payments[payment_id])

    def fail_next(self, count: int, *, applied: bool = False) -> None:
        """Answer the next ``count`` requests 500, after carrying them out when ``applied``."""
        self._add_faults(count, "fail_after" if applied else "fail_before", 0.0)

    def processing_next(self, count: int, retry_after_ms: int = 1800) -> None:
        """Carry out the next ``count`` requests but answer 202 ("still processing")."""
        self._add_faults(count, "processing", retry_after_ms)

    def rate_limit_next(self, count: int, retry_after_ms: int = 1000) -> None:
        self._add_faults(count, "rate_limit", retry_after_ms)

    def hang_next(self, count: int, seconds: float) -> None:
        """Carry out the next ``count`` requests, then answer only after ``seconds``."""
        self._add_faults(count, "hang", seconds)

    def succeed(self, payment_id: str) -> dict[str, Any]:
        """The customer paid (and, from ``waiting_for_capture``, the shop captured)."""
        with self._lock:
            payment = self._find(payment_id)
            if payment["status"] not in ("pending", "waiting_for_capture"):
                raise ValueError(f"cannot succeed a {payment['status']} payment")
            self._succeed(payment)
            return copy.deepcopy(payment)

    def wait_for_capture(self, payment_id: str) -> dict[str, Any]:
        """The customer paid a payment the shop must now capture or cancel."""
        with self._lock:
            payment = self._find(payment_id)
            if payment["status"] != "pending":
                raise ValueError(f"cannot hold a {payment['status']} payment")
            payment.pop("confirmation", None)
            payment["payment_method"] = self._card(payment_id, saved=False)
            payment.update(status="waiting_for_capture", paid=True, expires_at=timestamp(days=7))
            self._notify("payment.waiting_for_capture", payment)
            return copy.deepcopy(payment)

    def cancel(
        self, payment_id: str, reason: str = "expired_on_confirmation", party: str = "yoo_money"
    ) -> dict[str, Any]:
        """The payment failed or expired, for ``reason``."""
        with self._lock:
            payment = self._find(payment_id)
            if payment["status"] not in ("pending", "waiting_for_capture"):
                raise ValueError(f"cannot cancel a {payment['status']} payment")
            self._cancel(payment, party, reason)
            return copy.deepcopy(payment)

    def refund(self, payment_id: str, amount: Decimal | None = None) -> dict[str, Any]:
        """A refund made in the merchant's cabinet: the rest of the payment by default."""
        with self._lock:
            payment = self._find(payment_id)
            if amount is None:
                amount = Decimal(payment["amount"]["value"]) - self._refunded(payment)
            currency = payment["amount"]["currency"]
            body = {"payment_id": payment_id, "amount": money(amount, currency)}
            return copy.deepcopy(self._create_refund(body))

    def revoke_method(self, method_id: str) -> None:
        """The customer withdrew the consent to charge this saved method."""
        with self._lock:
            self._methods[method_id] = True

    async def webhooks_delivered(self) -> None:
        """Wait until every notification so far is delivered or given up."""
        with self._lock:
            pending = list(self._deliveries)
        await asyncio.gather(
            *(asyncio.wrap_future(future) for future in pending), return_exceptions=True
        )

    def start(self) -> None:
        """Serve on 127.0.0.1 (a free port the first time, the same port after a stop)."""
        self._stopping.clear()
        super().start()

    def stop(self) -> None:
        """Take the server down (connections are refused from now on) and drop deliveries."""
        self._stopping.set()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        super().stop()

    # ----- the HTTP side ------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = await read_body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        status, payload, hang = self._answer(scope["method"], scope["path"], headers, body)
        if hang:
            await asyncio.sleep(hang)
        content_type = b"text/html" if scope["path"] == CHECKOUT_PATH else b"application/json"
        response_headers = [(b"content-type", content_type)]
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": payload})

    def _answer(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, bytes, float]:
        with self._lock:
            record = RecordedRequest(method, path, headers, _parse(raw))
            self.requests.append(record)
            if path == CHECKOUT_PATH:
                record.status = 200
                return 200, b"<html><body>Fake YooKassa checkout</body></html>", 0.0
            kind, value = self._faults.pop(0) if self._faults else ("", 0.0)
            if kind == "fail_before":
                status, payload = _internal_error()
            else:
                status, payload = self._serve(method, path, headers, raw, kind, value)
            if kind == "fail_after":
                status, payload = _internal_error()
            elif kind == "processing":
                status, payload = 202, _processing(int(value))
            record.status = status
            return status, payload, value if kind == "hang" else 0.0

    def _serve(
        self, method: str, path: str, headers: dict[str, str], raw: bytes, fault: str, value: float
    ) -> Answer:
        try:
            self._authenticate(headers)
            if fault == "rate_limit":
                problem = Problem(429, "too_many_requests", "Too many requests. Try again later")
                problem.body["retry_after"] = int(value)
                raise problem
            if method == "POST":
                return self._post(path, headers.get("idempotence-key"), raw)
            if method == "GET":
                return 200, msgspec.json.encode(self._get(path))
            return 405, b""
        except Problem as problem:
            return problem.status, msgspec.json.encode(problem.body)

    def _authenticate(self, headers: dict[str, str]) -> None:
        scheme, _, encoded = headers.get("authorization", "").partition(" ")
        try:
            given = base64.b64decode(encoded, validate=True).decode()
        except ValueError:
            given = ""
        if scheme != "Basic" or given != f"{self.shop_id}:{self.secret_key}":
            raise Problem(
                401,
                "invalid_credentials",
                "Login or password is incorrect. Check the shopId and the secret key",
                "Authorization",
            )

    def _post(self, path: str, key: str | None, raw: bytes) -> Answer:
        if not key:
            raise invalid("Idempotence-Key", "Idempotence-Key header is required")
        if not IDEMPOTENCE_KEY.fullmatch(key):
            raise invalid("Idempotence-Key", "Idempotence-Key is longer than 64 or malformed")
        body = _parse(raw)
        canonical = raw if body is None else msgspec.json.encode(body, order="sorted")
        fingerprint = hashlib.sha256(b"POST " + path.encode() + b"\n" + canonical).hexdigest()
        stored = self._keys.get(key)
        if stored is not None:
            if stored[0] != fingerprint:
                raise invalid("Idempotence-Key", "Idempotence key duplicated")
            return 200, stored[1]
        if raw.strip() and not isinstance(body, dict):
            raise invalid(None, "The request body is not a JSON object")
        answer = msgspec.json.encode(self._route_post(path, body or {}))
        self._keys[key] = (fingerprint, answer)
        return 200, answer

    def _route_post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        parts = path.removeprefix(PREFIX).strip("/").split("/")
        if parts == ["payments"]:
            return self._create_payment(body)
        if parts == ["refunds"]:
            return self._create_refund(body)
        if len(parts) == 3 and parts[0] == "payments" and parts[2] in ("capture", "cancel"):
            payment = self._find(parts[1])
            if payment["status"] != "waiting_for_capture":
                raise invalid(
                    None, f"Payment is in {payment['status']} status, not waiting_for_capture"
                )
            if parts[2] == "capture":
                self._succeed(payment)
            else:
                self._cancel(payment, "merchant", "canceled_by_merchant")
            return payment
        raise Problem(404, "not_found", f"No such route: {path}")

    def _get(self, path: str) -> dict[str, Any]:
        parts = path.removeprefix(PREFIX).strip("/").split("/")
        if len(parts) == 2 and parts[0] == "payments":
            return self._find(parts[1])
        if len(parts) == 2 and parts[0] == "refunds":
            if parts[1] not in self.refunds:
                raise Problem(404, "not_found", "Refund doesn't exist", "refund_id")
            return self.refunds[parts[1]]
        raise Problem(404, "not_found", f"No such route: {path}")

    # ----- payments -----------------------------------------------------------------------

    def _create_payment(self, body: dict[str, Any]) -> dict[str, Any]:
        amount, currency = self._amount(body.get("amount"), "amount")
        description = body.get("description")
        if not _text(description, 128):
            raise invalid("description", "description must be a string of up to 128 characters")
        metadata = _metadata(body.get("metadata"))
        for flag in ("capture", "save_payment_method"):
            if not isinstance(body.get(flag, False), bool):
                raise invalid(flag, f"{flag} must be true or false")
        method_id = body.get("payment_method_id")
        if method_id is not None and (
            not isinstance(method_id, str) or method_id not in self._methods
        ):
            raise invalid("payment_method_id", "Payment method not found or not saved")
        confirmation = None if method_id is not None else _confirmation(body.get("confirmation"))
        if "receipt" in body:
            self._check_receipt(body["receipt"], amount, currency)
        payment_id = new_id("000f")
        payment: dict[str, Any] = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": money(amount, currency),
            "recipient": {"account_id": self.shop_id, "gateway_id": GATEWAY_ID},
            "created_at": timestamp(),
            "test": True,
            "refundable": False,
            "metadata": metadata,
        }
        if description is not None:
            payment["description"] = description
        if "receipt" in body:
            payment["receipt_registration"] = "pending"
        self.payments[payment_id] = payment
        self._capture[payment_id] = body.get("capture", False)
        if body.get("save_payment_method"):
            self._save_method.add(payment_id)
        if isinstance(method_id, str):
            self._charge_saved(payment, method_id)
        else:
            url = f"{self.base_url}{CHECKOUT_PATH}?orderId={payment_id}"
            payment["confirmation"] = {**(confirmation or {}), "confirmation_url": url}
        return payment

    def _charge_saved(self, payment: dict[str, Any], method_id: str) -> None:
        """A payment with a saved method: no confirmation, charged (or refused) at once."""
        payment["payment_method"] = self._card(method_id, saved=True)
        if self._methods[method_id]:
            self._cancel(payment, "yoo_money", "permission_revoked")
        elif self._capture[payment["id"]]:
            self._succeed(payment)
        else:
            payment.update(status="waiting_for_capture", paid=True)
            self._notify("payment.waiting_for_capture", payment)

    def _succeed(self, payment: dict[str, Any]) -> None:
        payment.pop("confirmation", None)
        payment.pop("expires_at", None)
        saved = payment["id"] in self._save_method
        method = payment.get("payment_method") or self._card(payment["id"], saved=False)
        if saved and not method["saved"]:
            method = {**method, "saved": True}
            self._methods[method["id"]] = False
        value = Decimal(payment["amount"]["value"])
        payment.update(
            status="succeeded",
            paid=True,
            refundable=True,
            captured_at=timestamp(),
            payment_method=method,
            income_amount=money(value * Decimal("0.965"), payment["amount"]["currency"]),
        )
        if "receipt_registration" in payment:
            payment["receipt_registration"] = "succeeded"
        self._notify("payment.succeeded", payment)

    def _cancel(self, payment: dict[str, Any], party: str, reason: str) -> None:
        payment.pop("confirmation", None)
        payment.pop("expires_at", None)
        payment.update(
            status="canceled",
            paid=False,
            refundable=False,
            cancellation_details={"party": party, "reason": reason},
        )
        if "receipt_registration" in payment:
            payment["receipt_registration"] = "canceled"
        self._notify("payment.canceled", payment)

    def _find(self, payment_id: str) -> dict[str, Any]:
        if payment_id not in self.payments:
            raise Problem(
                404,
                "not_found",
                "Incorrect payment_id. Payment doesn't exist or access denied",
                "payment_id",
            )
        return self.payments[payment_id]

    @staticmethod
    def _card(method_id: str, *, saved: bool) -> dict[str, Any]:
        return {
            "type": "bank_card",
            "id": method_id,
            "saved": saved,
            "title": "Bank card *4444",
            "card": {"first6": "555555", "last4": "4444", "card_type": "MasterCard"},
        }

    # ----- refunds ------------------------------------------------------------------------

    def _create_refund(self, body: dict[str, Any]) -> dict[str, Any]:
        payment_id = body.get("payment_id")
        if not isinstance(payment_id, str) or payment_id not in self.payments:
            raise invalid("payment_id", "Payment doesn't exist or access denied")
        payment = self.payments[payment_id]
        amount, currency = self._amount(body.get("amount"), "amount")
        if payment["status"] != "succeeded":
            raise invalid("payment_id", f"Payment is in {payment['status']} status")
        if currency != payment["amount"]["currency"]:
            raise invalid("amount.currency", "The refund currency differs from the payment's")
        refunded = self._refunded(payment)
        if amount > Decimal(payment["amount"]["value"]) - refunded:
            raise invalid("amount.value", "The refund amount exceeds what is left of the payment")
        description = body.get("description")
        if not _text(description, 250):
            raise invalid("description", "description must be a string of up to 250 characters")
        refund: dict[str, Any] = {
            "id": new_id("0015"),
            "payment_id": payment_id,
            "status": "succeeded",
            "amount": money(amount, currency),
            "created_at": timestamp(),
        }
        if description is not None:
            refund["description"] = description
        self.refunds[refund["id"]] = refund
        payment["refunded_amount"] = money(refunded + amount, currency)
        payment["refundable"] = refunded + amount < Decimal(payment["amount"]["value"])
        self._notify("refund.succeeded", refund)
        return refund

    @staticmethod
    def _refunded(payment: dict[str, Any]) -> Decimal:
        return Decimal(payment.get("refunded_amount", {}).get("value", "0"))

    # ----- validation ---------------------------------------------------------------------

    def _amount(self, amount: Any, parameter: str) -> tuple[Decimal, str]:
        if not isinstance(amount, dict):
            raise invalid(parameter, f"{parameter} is missing or not an object")
        value, currency = amount.get("value"), amount.get("currency")
        if not isinstance(value, str) or not AMOUNT.fullmatch(value) or Decimal(value) <= 0:
            raise invalid(f"{parameter}.value", "The amount must be a positive string like 100.00")
        if currency not in self.currencies:
            raise invalid(f"{parameter}.currency", f"Unsupported currency: {currency}")
        return Decimal(value), currency

    def _check_receipt(self, receipt: Any, amount: Decimal, currency: str) -> None:
        if not isinstance(receipt, dict):
            raise invalid("receipt", "receipt must be an object")
        customer = receipt.get("customer")
        if not isinstance(customer, dict) or not (customer.get("email") or customer.get("phone")):
            raise invalid("receipt.customer", "The customer's email or phone is required")
        items = receipt.get("items")
        if not isinstance(items, list) or not 1 <= len(items) <= 80:
            raise invalid("receipt.items", "A receipt has from 1 to 80 items")
        totals = [
            self._item_total(item, f"receipt.items[{n}]", currency) for n, item in enumerate(items)
        ]
        total = sum(totals, Decimal(0))
        if total.quantize(Decimal("0.01")) != amount:
            raise invalid("receipt.items", "The items' sum differs from the payment amount")
        if not _int_in(receipt.get("tax_system_code", 1), 1, 6):
            raise invalid("receipt.tax_system_code", "tax_system_code must be from 1 to 6")

    def _item_total(self, item: Any, where: str, currency: str) -> Decimal:
        if not isinstance(item, dict):
            raise invalid(where, "An item must be an object")
        description = item.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 128:
            raise invalid(f"{where}.description", "An item's description has 1 to 128 characters")
        quantity = item.get("quantity")
        if not isinstance(quantity, str) or not QUANTITY.fullmatch(quantity) or not float(quantity):
            raise invalid(f"{where}.quantity", "quantity must be a positive string like 1.00")
        price, item_currency = self._amount(item.get("amount"), f"{where}.amount")
        if item_currency != currency:
            raise invalid(f"{where}.amount.currency", "The item's currency is not the payment's")
        if not _int_in(item.get("vat_code"), 1, 12):
            raise invalid(f"{where}.vat_code", "vat_code must be from 1 to 12")
        if item.get("payment_subject", "service") not in PAYMENT_SUBJECTS:
            raise invalid(f"{where}.payment_subject", "Unknown payment_subject")
        if item.get("payment_mode", "full_payment") not in PAYMENT_MODES:
            raise invalid(f"{where}.payment_mode", "Unknown payment_mode")
        return price * Decimal(quantity)

    # ----- notifications ------------------------------------------------------------------

    def _notify(self, event: str, obj: dict[str, Any]) -> None:
        url = self.webhook_url
        if url is None:
            return
        body = {"type": "notification", "event": event, "object": copy.deepcopy(obj)}
        webhook = Webhook(event, body)
        self.webhooks.append(webhook)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="fake-yookassa-webhooks")
        self._deliveries.append(self._executor.submit(self._deliver, url, webhook))

    def _deliver(self, url: str, webhook: Webhook) -> None:
        payload = msgspec.json.encode(webhook.body)
        for attempt in range(self.webhook_attempts):
            if attempt and self._stopping.wait(self.webhook_retry_delay):
                return
            try:
                response = httpx.post(
                    url, content=payload, headers={"Content-Type": "application/json"}, timeout=2
                )
                status: int | None = response.status_code
            except httpx.HTTPError:
                status = None
            with self._lock:
                webhook.statuses.append(status)
            if status == 200:
                return


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None


def _text(value: Any, limit: int) -> bool:
    """An optional text of at most ``limit`` characters."""
    return value is None or (isinstance(value, str) and len(value) <= limit)


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _metadata(metadata: Any) -> dict[str, str]:
    if metadata is None:
        return {}
    if (
        not isinstance(metadata, dict)
        or len(metadata) > 16
        or not all(isinstance(k, str) and len(k) <= 32 for k in metadata)
        or not all(isinstance(v, str) and len(v) <= 512 for v in metadata.values())
    ):
        raise invalid("metadata", "metadata: up to 16 string keys (32) and values (512)")
    return dict(metadata)


def _confirmation(confirmation: Any) -> dict[str, str]:
    if not isinstance(confirmation, dict):
        raise invalid("confirmation", "confirmation is required without a payment_method_id")
    if confirmation.get("type") != "redirect":
        raise invalid("confirmation.type", "The fake takes only the redirect confirmation")
    return_url = confirmation.get("return_url")
    if (
        not isinstance(return_url, str)
        or not return_url.startswith(("http://", "https://"))
        or len(return_url) > 2048
    ):
        raise invalid("confirmation.return_url", "return_url is required for a redirect")
    return {"type": "redirect", "return_url": return_url}


def _internal_error() -> Answer:
    error = Problem(500, "internal_server_error", "Internal server error")
    return 500, msgspec.json.encode(error.body)


def _processing(retry_after_ms: int) -> bytes:
    return msgspec.json.encode(
        {
            "type": "processing",
            "id": str(uuid.uuid4()),
            "description": "Request accepted, but not processed yet. Repeat it later",
            "retry_after": retry_after_ms,
        }
    )
