"""Payments, their status history, subscriptions, and what each family owes.

Every read is one statement; a status move is one conditional UPDATE (the row moves only if it
is still where the caller saw it) plus the history row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    EnrollmentModel,
    PaymentEventModel,
    PaymentModel,
    StudentProfileModel,
    SubjectModel,
    SubscriptionModel,
    UserModel,
)
from thebot.adapters.db.paging import windowed_page
from thebot.domain.payments.entities import (
    Billing,
    Due,
    NewPayment,
    Payment,
    PaymentEvent,
    PaymentQuery,
    PaymentStatus,
    Subscription,
    SubscriptionStatus,
)
from thebot.domain.payments.rules import state_of
from thebot.domain.shared.pagination import Page, PageRequest

P, E, S = PaymentModel, EnrollmentModel, SubscriptionModel
_STUDENT, _TEACHER, _PARENT = aliased(UserModel), aliased(UserModel), aliased(UserModel)
_OPEN = (PaymentStatus.PENDING.value, PaymentStatus.WAITING_FOR_CAPTURE.value)

_PAYMENTS = (
    select(P, E.student_id, subject_display())
    .join(E, E.id == P.enrollment_id)
    .join(SubjectModel, SubjectModel.id == E.subject_id)
    # Rows change by UPDATE statements: always read them fresh, never from the session.
    .execution_options(populate_existing=True)
)
_BILLING = (
    select(
        E.id,
        E.status,
        E.student_id,
        _STUDENT.full_name,
        subject_display(),
        _TEACHER.full_name,
        StudentProfileModel.parent_id,
        _PARENT.email,
        E.price_per_period,
        E.period_weeks,
        E.paid_until,
    )
    .join(_STUDENT, _STUDENT.id == E.student_id)
    .join(_TEACHER, _TEACHER.id == E.teacher_id)
    .join(SubjectModel, SubjectModel.id == E.subject_id)
    .outerjoin(StudentProfileModel, StudentProfileModel.user_id == E.student_id)
    .outerjoin(_PARENT, _PARENT.id == StudentProfileModel.parent_id)
)


class SqlPaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def billing(self, enrollment_id: UUID, *, lock: bool = False) -> Billing | None:
        statement = _BILLING.where(E.id == enrollment_id)
        if lock:
            statement = statement.with_for_update(of=E)
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        eid, status, sid, sname, subject, tname, parent_id, email, price, weeks, paid = row
        return Billing(
            enrollment_id=eid,
            active=status == "active",
            student_id=sid,
            student_name=sname,
            subject_name=subject,
            teacher_name=tname,
            parent_id=parent_id,
            parent_email=email,
            price_per_period=price,
            period_weeks=weeks,
            paid_until=paid,
        )

    async def add(self, payment: NewPayment) -> None:
        values: dict[str, Any] = {
            "id": payment.id,
            "enrollment_id": payment.enrollment_id,
            "payer_id": payment.payer_id,
            "amount": payment.amount,
            "currency": payment.currency,
            "period_start": payment.period_start,
            "period_end": payment.period_end,
            "status": PaymentStatus.PENDING.value,
            "description": payment.description,
            "provider": payment.provider,
            "idempotence_key": payment.idempotence_key,
            "client_key": payment.client_key,
            "subscription_id": payment.subscription_id,
            "created_at": payment.created_at,
            "updated_at": payment.created_at,
        }
        await self._session.execute(insert(P).values(**values))
        await self._event(payment.id, None, PaymentStatus.PENDING, payment.created_at, "opened")

    async def get(self, payment_id: UUID, *, lock: bool = False) -> Payment | None:
        statement = _PAYMENTS.where(P.id == payment_id)
        if lock:
            statement = statement.with_for_update(of=P)
        return _one(await self._session.execute(statement))

    async def by_provider_id(self, provider_payment_id: str) -> Payment | None:
        return _one(
            await self._session.execute(
                _PAYMENTS.where(P.provider_payment_id == provider_payment_id)
            )
        )

    async def by_client_key(self, payer_id: UUID, client_key: str) -> Payment | None:
        return _one(
            await self._session.execute(
                _PAYMENTS.where(P.payer_id == payer_id, P.client_key == client_key)
            )
        )

    async def open_payment(self, enrollment_id: UUID) -> Payment | None:
        return _one(
            await self._session.execute(
                _PAYMENTS.where(P.enrollment_id == enrollment_id, P.status.in_(_OPEN))
            )
        )

    async def set_provider(
        self, payment_id: UUID, provider_payment_id: str, confirmation_url: str | None, at: datetime
    ) -> None:
        await self._session.execute(
            update(P)
            .where(P.id == payment_id, P.provider_payment_id.is_(None))
            .values(
                provider_payment_id=provider_payment_id,
                confirmation_url=confirmation_url,
                updated_at=at,
            )
        )

    async def move(
        self,
        payment_id: UUID,
        current: PaymentStatus,
        target: PaymentStatus,
        at: datetime,
        *,
        source: str,
        detail: str | None = None,
    ) -> bool:
        values: dict[str, Any] = {"status": target.value, "updated_at": at}
        if target is PaymentStatus.SUCCEEDED:
            values["paid_at"] = at
        if target is PaymentStatus.CANCELED:
            values["cancellation_reason"] = detail
        moved = await self._session.execute(
            update(P).where(P.id == payment_id, P.status == current.value).values(**values)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self._event(payment_id, current, target, at, source, detail)
        return True

    async def extend_paid_until(self, enrollment_id: UUID, until: date) -> None:
        await self._session.execute(
            update(E)
            .where(E.id == enrollment_id, or_(E.paid_until.is_(None), E.paid_until < until))
            .values(paid_until=until)
        )

    async def shorten_paid_until(self, enrollment_id: UUID, until: date, back_to: date) -> None:
        await self._session.execute(
            update(E).where(E.id == enrollment_id, E.paid_until == until).values(paid_until=back_to)
        )

    async def find(self, query: PaymentQuery, page: PageRequest) -> Page[Payment]:
        conditions: list[Any] = []
        if query.payer_id is not None:
            conditions.append(P.payer_id == query.payer_id)
        if query.student_id is not None:
            conditions.append(E.student_id == query.student_id)
        if query.enrollment_id is not None:
            conditions.append(P.enrollment_id == query.enrollment_id)
        if query.status is not None:
            conditions.append(P.status == query.status.value)
        rows, total = await windowed_page(
            self._session,
            _PAYMENTS.where(*conditions).order_by(P.created_at.desc(), P.id.desc()),
            page,
            lambda: (
                select(func.count())
                .select_from(P)
                .join(E, E.id == P.enrollment_id)
                .where(*conditions)
            ),
        )
        return Page(
            items=[_payment(row[0], row[1], row[2]) for row in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    async def history(self, payment_id: UUID) -> list[PaymentEvent]:
        rows = await self._session.execute(
            select(
                PaymentEventModel.from_status,
                PaymentEventModel.to_status,
                PaymentEventModel.at,
                PaymentEventModel.source,
                PaymentEventModel.detail,
            )
            .where(PaymentEventModel.payment_id == payment_id)
            .order_by(PaymentEventModel.at, PaymentEventModel.id)
        )
        return [
            PaymentEvent(
                from_status=PaymentStatus(old) if old else None,
                to_status=PaymentStatus(new),
                at=at,
                source=source,
                detail=detail,
            )
            for old, new, at, source, detail in rows
        ]

    async def stale_open(self, created_before: datetime, limit: int) -> list[Payment]:
        rows = await self._session.execute(
            _PAYMENTS.where(P.status.in_(_OPEN), P.created_at < created_before)
            .order_by(P.created_at)
            .limit(limit)
        )
        return [_payment(*row) for row in rows]

    async def dues(self, parent_id: UUID, today: date) -> list[Due]:
        open_payment = aliased(P)
        active = aliased(S)
        rows = await self._session.execute(
            select(
                E.id,
                E.student_id,
                _STUDENT.full_name,
                subject_display(),
                _TEACHER.full_name,
                E.price_per_period,
                E.period_weeks,
                E.paid_until,
                open_payment.id,
                open_payment.confirmation_url,
                active.id,
            )
            .join(StudentProfileModel, StudentProfileModel.user_id == E.student_id)
            .join(_STUDENT, _STUDENT.id == E.student_id)
            .join(_TEACHER, _TEACHER.id == E.teacher_id)
            .join(SubjectModel, SubjectModel.id == E.subject_id)
            .outerjoin(
                open_payment,
                and_(open_payment.enrollment_id == E.id, open_payment.status.in_(_OPEN)),
            )
            .outerjoin(active, and_(active.enrollment_id == E.id, active.status == "active"))
            .where(StudentProfileModel.parent_id == parent_id, E.status == "active")
            .order_by(_STUDENT.first_name, _STUDENT.id, subject_display(), E.id)
        )
        return [
            Due(
                enrollment_id=eid,
                student_id=sid,
                student_name=sname,
                subject_name=subject,
                teacher_name=tname,
                price_per_period=price,
                period_weeks=weeks,
                paid_until=paid,
                state=state_of(paid, open_id is not None, today),
                open_payment_id=open_id,
                confirmation_url=url,
                subscription_id=sub_id,
            )
            for eid, sid, sname, subject, tname, price, weeks, paid, open_id, url, sub_id in rows
        ]

    # ----- subscriptions ----------------------------------------------------------------------

    async def add_subscription(self, subscription: Subscription) -> None:
        await self._session.execute(
            insert(S).values(
                id=subscription.id,
                enrollment_id=subscription.enrollment_id,
                payer_id=subscription.payer_id,
                status=subscription.status.value,
                created_at=subscription.created_at,
                updated_at=subscription.created_at,
            )
        )

    async def subscription(self, subscription_id: UUID) -> Subscription | None:
        row = (
            await self._session.execute(
                select(S).where(S.id == subscription_id).execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        return None if row is None else _subscription(row)

    async def active_subscription(self, enrollment_id: UUID) -> Subscription | None:
        row = (
            await self._session.execute(
                select(S).where(S.enrollment_id == enrollment_id, S.status == "active")
            )
        ).scalar_one_or_none()
        return None if row is None else _subscription(row)

    async def saved_method(self, subscription_id: UUID) -> str | None:
        method: str | None = await self._session.scalar(
            select(S.payment_method_id).where(S.id == subscription_id, S.status == "active")
        )
        return method

    async def save_method(self, subscription_id: UUID, method_id: str) -> None:
        await self._session.execute(
            update(S).where(S.id == subscription_id).values(payment_method_id=method_id)
        )

    async def cancel_subscription(self, subscription_id: UUID, at: datetime) -> bool:
        done = await self._session.execute(
            update(S)
            .where(S.id == subscription_id, S.status == "active")
            .values(status="cancelled", cancelled_at=at, updated_at=at)
        )
        return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    async def subscriptions_of(self, payer_id: UUID | None) -> list[Subscription]:
        statement = select(S).order_by(S.created_at.desc(), S.id.desc())
        if payer_id is not None:
            statement = statement.where(S.payer_id == payer_id)
        return [_subscription(row) for row in await self._session.scalars(statement)]

    async def subscriptions_due(
        self, paid_through: date, quiet_since: datetime, limit: int
    ) -> list[Subscription]:
        # An open payment waits for its payer; a recent one (declined, say) is not repeated
        # before a day has passed.
        open_payment = exists().where(
            P.enrollment_id == S.enrollment_id,
            or_(P.status.in_(_OPEN), P.created_at > quiet_since),
        )
        rows = await self._session.scalars(
            select(S)
            .join(E, E.id == S.enrollment_id)
            .where(
                S.status == "active",
                E.status == "active",
                or_(E.paid_until.is_(None), E.paid_until <= paid_through),
                ~open_payment,
            )
            .order_by(S.created_at, S.id)
            .limit(limit)
        )
        return [_subscription(row) for row in rows]

    async def _event(
        self,
        payment_id: UUID,
        old: PaymentStatus | None,
        new: PaymentStatus,
        at: datetime,
        source: str,
        detail: str | None = None,
    ) -> None:
        await self._session.execute(
            insert(PaymentEventModel).values(
                payment_id=payment_id,
                from_status=old.value if old else None,
                to_status=new.value,
                at=at,
                source=source,
                detail=detail,
            )
        )


def _one(result: Any) -> Payment | None:
    row = result.one_or_none()
    return None if row is None else _payment(*row)


def _payment(row: PaymentModel, student_id: UUID, subject_name: str) -> Payment:
    return Payment(
        id=row.id,
        enrollment_id=row.enrollment_id,
        payer_id=row.payer_id,
        student_id=student_id,
        subject_name=subject_name,
        amount=row.amount,
        currency=row.currency,
        period_start=row.period_start,
        period_end=row.period_end,
        status=PaymentStatus(row.status),
        description=row.description,
        provider=row.provider,
        provider_payment_id=row.provider_payment_id,
        confirmation_url=row.confirmation_url,
        idempotence_key=row.idempotence_key,
        client_key=row.client_key,
        subscription_id=row.subscription_id,
        paid_at=row.paid_at,
        cancellation_reason=row.cancellation_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _subscription(row: SubscriptionModel) -> Subscription:
    return Subscription(
        id=row.id,
        enrollment_id=row.enrollment_id,
        payer_id=row.payer_id,
        status=SubscriptionStatus(row.status),
        has_saved_method=row.payment_method_id is not None,
        created_at=row.created_at,
        cancelled_at=row.cancelled_at,
    )
