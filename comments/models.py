import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.record import RecordImmutable, RecordQuerySet


class RejectionReason(models.TextChoices):
    """The moderation charter's clauses and the legal grounds a refusal cites."""

    INSULT = "insult", _("Charte 1 — Insulte, harcèlement ou attaque personnelle")
    HATE = "hate", _("Charte 2 — Haine ou discrimination")
    SPAM = "spam", _("Charte 3 — Publicité, spam ou lien promotionnel")
    OFF_TOPIC = "off_topic", _("Charte 4 — Hors sujet")
    PERSONAL_DATA = "personal_data", _("Charte 5 — Données personnelles d'un tiers")
    IMPERSONATION = "impersonation", _("Charte 6 — Usurpation d'identité")
    ILLEGAL = "illegal", _("Loi — Contenu manifestement illicite (loi de 1881, LCEN)")
    DUPLICATE = "duplicate", _("Charte 7 — Message répété ou illisible")


class IllegalityCategory(models.TextChoices):
    """
    What a notice says is illegal: the categories of the Commission's statements of
    reasons (DSA Transparency Database, ``STATEMENT_CATEGORY_*``), so that the
    transparency report counts notices as the Commission does.
    """

    ILLEGAL_OR_HARMFUL_SPEECH = (
        "illegal_or_harmful_speech",
        _("Discours illicite ou préjudiciable (haine, diffamation, injure)"),
    )
    VIOLENCE = "violence", _("Violence (menaces, apologie, incitation)")
    NON_CONSENSUAL_BEHAVIOUR = (
        "non_consensual_behaviour",
        _("Comportement non consenti (harcèlement, images intimes)"),
    )
    DATA_PROTECTION = (
        "data_protection_and_privacy_violations",
        _("Atteinte à la vie privée ou aux données personnelles"),
    )
    PROTECTION_OF_MINORS = "protection_of_minors", _("Protection des mineurs")
    RISK_FOR_PUBLIC_SECURITY = (
        "risk_for_public_security",
        _("Risque pour la sécurité publique (terrorisme)"),
    )
    SCAMS_AND_FRAUD = "scams_and_fraud", _("Escroquerie ou fraude")
    INTELLECTUAL_PROPERTY = (
        "intellectual_property_infringements",
        _("Atteinte à la propriété intellectuelle"),
    )
    CIVIC_DISCOURSE = (
        "negative_effects_on_civic_discourse_or_elections",
        _("Atteinte au débat public ou aux élections (fausses nouvelles)"),
    )
    SELF_HARM = "self_harm", _("Incitation à l'automutilation ou au suicide")
    PORNOGRAPHY = "pornography_or_sexualized_content", _("Contenu pornographique ou sexualisé")
    UNSAFE_PRODUCTS = "unsafe_and_illegal_products", _("Produits illégaux ou dangereux")
    ANIMAL_WELFARE = "animal_welfare", _("Maltraitance animale")


class EventQuerySet(RecordQuerySet):
    ANONYMIZABLE = frozenset({"note"})


class ReportQuerySet(RecordQuerySet):
    # What a decision on a notice moves; its facts (reason, comment, reference,
    # received_at) never change.
    MUTABLE = frozenset({"status", "decided_at", "alerted_at", "escalated_at"})

    def overdue(self, *, hours: int, now) -> "ReportQuerySet":
        """Open notices received more than ``hours`` ago."""
        return self.notices().open().filter(received_at__lt=now - timedelta(hours=hours))

    ANONYMIZABLE = frozenset(
        {"details", "notifier_name", "notifier_email", "snapshot", "reporter_key"}
    )

    def notices(self) -> "ReportQuerySet":
        """Illegal-content notices (DSA Art. 16), as opposed to ordinary reports."""
        return self.filter(reason=Report.Reason.ILLEGAL)

    def open(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.OPEN)


class StatementQuerySet(RecordQuerySet):
    ANONYMIZABLE = frozenset({"sent_to"})


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        """Comments readers may see."""
        return self.filter(status=Comment.Status.PUBLISHED)

    def awaiting_decision(self) -> "CommentQuerySet":
        """Comments a moderator must decide on: pending, or hidden by readers' reports."""
        return self.filter(status__in=Comment.AWAITING_DECISION)

    def reported(self) -> "CommentQuerySet":
        """Comments with reports no moderator has closed yet."""
        return self.filter(open_report_count__gt=0)

    def hidden_by_reports(self) -> "CommentQuerySet":
        """Comments readers' reports hid, still waiting for a moderator."""
        auto_hidden = ModerationEvent.objects.filter(
            comment=models.OuterRef("pk"), action=ModerationEvent.Action.AUTO_HIDDEN
        )
        return self.filter(status=Comment.Status.HIDDEN).filter(models.Exists(auto_hidden))

    def in_queue(self) -> "CommentQuerySet":
        """The moderation queue: awaiting a decision or reported (the one definition)."""
        return self.awaiting_decision() | self.reported()

    def for_moderation(self) -> "CommentQuerySet":
        """
        The queue in its order: comments under an open illegal-content notice first
        (DSA Art. 16, the publisher's liability once alerted), then those a staff
        member reported, then the most reported, then the oldest waiting.
        """
        return self.in_queue().order_by(*Comment.QUEUE_ORDER)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        PUBLISHED = "published", _("Publié")
        HIDDEN = "hidden", _("Masqué, en attente d'examen")
        REJECTED = "rejected", _("Refusé")

    # The statuses a moderator must decide on (see CommentQuerySet.awaiting_decision).
    AWAITING_DECISION = (Status.PENDING, Status.HIDDEN)
    # The moderation queue's order (CommentQuerySet.for_moderation, the admin).
    QUEUE_ORDER = ("-notice_open", "-priority", "-open_report_count", "created_at")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="comments"
    )
    name = models.CharField(_("nom"), max_length=60)
    email = models.EmailField(_("email"), blank=True)
    body = models.TextField(_("commentaire"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    fingerprint = models.CharField(
        _("empreinte"),
        max_length=64,
        editable=False,
        help_text=_("Empreinte de l'article, de l'email et du texte : un doublon est refusé."),
    )
    ip_hash = models.CharField(_("empreinte de l'adresse IP"), max_length=64, blank=True)
    open_report_count = models.PositiveIntegerField(_("signalements ouverts"), default=0)
    priority = models.BooleanField(
        _("prioritaire"), default=False, help_text=_("Signalé par un membre de la rédaction.")
    )
    notice_open = models.BooleanField(
        _("notification de contenu illicite en cours"),
        default=False,
        help_text=_("Un signalement pour contenu illicite attend une décision."),
    )
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("modéré le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modéré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.CharField(
        _("motif du refus"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    charter_version = models.CharField(_("version de la charte"), max_length=20, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        permissions = [
            ("view_email", _("Voir les adresses email en clair (chaque affichage journalisé)"))
        ]
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="comment_unique_fingerprint"),
        ]
        indexes = [
            models.Index(fields=["article", "status", "-created_at"], name="comment_article_idx"),
            models.Index(
                fields=["status", "-notice_open", "-priority", "-open_report_count", "created_at"],
                name="comment_queue_idx",
            ),
            models.Index(fields=["email"], name="comment_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#commentaire-{self.pk}"


def make_reference() -> str:
    return "SIG-" + secrets.token_hex(4).upper()


class Report(models.Model):
    """A reader's "Signaler" on a published comment; for illegal content, a DSA Art. 16 notice."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        INSULT = "insult", _("Insulte ou harcèlement")
        HATE = "hate", _("Haine ou discrimination")
        OFF_TOPIC = "off_topic", _("Hors sujet")
        PERSONAL_DATA = "personal_data", _("Données personnelles")
        ILLEGAL = "illegal", _("Contenu illicite")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        UPHELD = "upheld", _("Retenu")
        DISMISSED = "dismissed", _("Écarté")

    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, related_name="reports"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    category = models.CharField(
        _("catégorie d'illicéité"), max_length=60, choices=IllegalityCategory.choices, blank=True
    )
    details = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reporter_key = models.CharField(
        _("auteur du signalement (empreinte)"),
        max_length=64,
        help_text=_("Empreinte anonyme : un même lecteur ne compte qu'une fois."),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_staff = models.BooleanField(_("par la rédaction"), default=False)
    # DSA Art. 16 notice fields, for "contenu illicite".
    reference = models.CharField(_("référence"), max_length=16, unique=True, default=make_reference)
    notifier_name = models.CharField(_("nom du notifiant"), max_length=120, blank=True)
    notifier_email = models.EmailField(_("email du notifiant"), blank=True)
    good_faith = models.BooleanField(_("déclaration de bonne foi"), default=False)
    snapshot = models.JSONField(_("commentaire tel que signalé"), default=dict)
    # One notice may name several comments: one report each, sharing the first's reference.
    notice_reference = models.CharField(_("notification groupée"), max_length=16, blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("rappel aux modérateurs le"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("transmis au directeur de la publication le"), null=True, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="report_once_per_reader"
            ),
        ]
        indexes = [models.Index(fields=["comment", "status"], name="report_comment_status_idx")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.get_reason_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            allowed = Report.objects.all().allowed_fields()
            if fields is None or not set(fields) <= allowed:
                raise RecordImmutable("A notice's facts never change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutable("Notices are never deleted.")


class ModerationEvent(models.Model):
    """
    One line of a comment's moderation record: who did what, when and why.
    Append-only: saving an existing event or deleting one is refused.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Envoyé")
        ACCEPTED = "accepted", _("Accepté")
        AUTO_PUBLISHED = "auto_published", _("Publié (modération a posteriori)")
        REJECTED = "rejected", _("Refusé")
        REPORTED = "reported", _("Signalé")
        AUTO_HIDDEN = "auto_hidden", _("Masqué automatiquement (signalements)")
        STAFF_HIDDEN = "staff_hidden", _("Masqué par la rédaction")
        REPORTS_DISMISSED = "reports_dismissed", _("Signalements écartés")
        ERASED = "erased", _("Données personnelles effacées")
        REOPENED = "reopened", _("Rouvert pour un nouvel examen")
        COMPLAINT_DECIDED = "complaint_decided", _("Réclamation examinée")

    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        _("nom de l'auteur de l'action"),
        max_length=150,
        blank=True,
        help_text=_("Conservé même si le compte est supprimé."),
    )
    automated = models.BooleanField(_("décision automatisée"), default=False)
    reason_code = models.CharField(_("motif"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    charter_version = models.CharField(_("version de la charte"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("décision de modération")
        verbose_name_plural = _("historique de modération")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RecordImmutable("Moderation events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutable("Moderation events are append-only.")


class StatementOfReasons(models.Model):
    """
    DSA Art. 17: what the author of a comment was told of a restriction — the text
    exactly as sent, when, to which address (none when the comment has none, or
    when its data were erased on request) — kept as part of the record.
    """

    class Restriction(models.TextChoices):
        REMOVAL = "removal", _("Retrait ou refus de publication")
        TEMPORARY = "temporary", _("Masquage temporaire dans l'attente d'un examen")
        STAFF_HIDING = "staff_hiding", _("Masquage par la rédaction")
        ERASURE = "erasure", _("Fin de la visibilité (effacement demandé)")

    class Initiative(models.TextChoices):
        NOTICE = "notice", _("À la suite d'une notification de contenu illicite")
        REPORTS = "reports", _("À la suite de signalements de lecteurs")
        OWN = "own", _("À l'initiative de la rédaction")
        REQUEST = "request", _("À la demande de l'auteur")

    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, related_name="statements"
    )
    restriction = models.CharField(_("mesure"), max_length=20, choices=Restriction.choices)
    initiative = models.CharField(_("origine"), max_length=20, choices=Initiative.choices)
    ground = models.CharField(_("motif"), max_length=200)
    automated = models.BooleanField(_("décision automatisée"), default=False)
    sent_to = models.EmailField(_("envoyé à"), blank=True)
    subject = models.CharField(_("objet"), max_length=200)
    text = models.TextField(_("texte envoyé"))
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("exposé des motifs (art. 17 DSA)")
        verbose_name_plural = _("exposés des motifs (art. 17 DSA)")

    def __str__(self) -> str:
        return f"{self.get_restriction_display()} — {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            allowed = StatementOfReasons.objects.all().allowed_fields()
            if fields is None or not set(fields) <= allowed:
                raise RecordImmutable("A statement of reasons is kept as it was sent.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutable("A statement of reasons is never deleted.")


class ThreatReport(models.Model):
    """
    DSA Art. 18: a notice (or a comment) suggests a threat to someone's life or
    safety, and the authorities were informed: when, whom, their reference. Recorded
    once and never changed (the ORM refuses it; PostgreSQL too, see migration 0006).
    """

    report = models.ForeignKey(
        Report, verbose_name=_("signalement"), on_delete=models.PROTECT, related_name="threats"
    )
    authority = models.CharField(_("autorité informée"), max_length=200)
    informed_at = models.DateTimeField(_("informée le"))
    authority_reference = models.CharField(_("référence de l'autorité"), max_length=100, blank=True)
    note = models.TextField(_("ce qui a été transmis"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("enregistré par (nom)"), max_length=150)
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("menace pour la vie ou la sécurité (art. 18 DSA)")
        verbose_name_plural = _("menaces pour la vie ou la sécurité (art. 18 DSA)")

    def __str__(self) -> str:
        return f"{self.report.reference} — {self.authority}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RecordImmutable("An Art. 18 record never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutable("An Art. 18 record is never deleted.")


class LegalHoldQuerySet(models.QuerySet):
    def active(self) -> "LegalHoldQuerySet":
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    """
    A legal hold on a comment and its notices (a complaint filed, a judge's request,
    counsel's advice): while it is active neither an erasure nor the retention purge
    touches the comment, its notices or its record. Who set it, why and when is kept,
    and so is its release.
    """

    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, related_name="holds"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("signalement concerné"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holds",
    )
    reason = models.TextField(_("motif"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    set_by_name = models.CharField(_("posée par (nom)"), max_length=150)
    set_at = models.DateTimeField(_("posée le"), default=timezone.now)
    released_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    released_by_name = models.CharField(_("levée par"), max_length=150, blank=True)
    release_reason = models.TextField(_("motif de la levée"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at"]
        verbose_name = _("conservation pour motif légal")
        verbose_name_plural = _("conservations pour motif légal")

    def __str__(self) -> str:
        return f"{self.comment_id} — {self.set_at:%Y-%m-%d}"


class Erasure(models.Model):
    """
    The record an erasure keeps of itself (GDPR art. 17, and the accountability of
    art. 5(2)): when, on whose request (a keyed hash of the address, never the
    address), what was anonymized and what was kept, and why.
    """

    class Source(models.TextChoices):
        COMMAND = "command", _("Commande de l'exploitant")
        SELF_SERVICE = "self_service", _("Lien envoyé à la personne")

    email_hash = models.CharField(_("empreinte de l'adresse"), max_length=64, db_index=True)
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    comments_erased = models.PositiveIntegerField(_("commentaires effacés"), default=0)
    notices_erased = models.PositiveIntegerField(_("signalements anonymisés"), default=0)
    comments_held = models.PositiveIntegerField(
        _("commentaires conservés (motif légal)"), default=0
    )
    comments_deferred = models.PositiveIntegerField(
        _("commentaires différés (signalement en cours)"), default=0
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("effacement (RGPD)")
        verbose_name_plural = _("effacements (RGPD)")

    def __str__(self) -> str:
        return f"{self.get_source_display()} — {self.created_at:%Y-%m-%d %H:%M}"


class Complaint(models.Model):
    """
    DSA Art. 20: a commenter or a notifier contests a decision, within six months,
    through the signed link of the decision's mail. Reviewed by a moderator other
    than the one who decided (``comments.services.decide_complaint``), decided with a
    reason, and the decision may be reversed (recorded in the comment's history).
    """

    class Role(models.TextChoices):
        AUTHOR = "author", _("Auteur du commentaire")
        NOTIFIER = "notifier", _("Auteur du signalement")

    class Outcome(models.TextChoices):
        OPEN = "open", _("À examiner")
        MAINTAINED = "maintained", _("Décision maintenue")
        REVERSED = "reversed", _("Décision annulée")

    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, related_name="complaints"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("signalement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    role = models.CharField(_("réclamant"), max_length=10, choices=Role.choices)
    decision = models.ForeignKey(
        ModerationEvent,
        verbose_name=_("décision contestée"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    text = models.TextField(_("réclamation"))
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    outcome = models.CharField(
        _("issue"), max_length=12, choices=Outcome.choices, default=Outcome.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examinée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by_name = models.CharField(_("examinée par (nom)"), max_length=150, blank=True)
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    review_reason = models.TextField(_("motif de la décision"), blank=True)

    class Meta:
        ordering = ["outcome", "received_at"]
        verbose_name = _("réclamation (art. 20 DSA)")
        verbose_name_plural = _("réclamations (art. 20 DSA)")

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.received_at:%Y-%m-%d}"


class Disclosure(models.Model):
    """Each time a staff member shows a commenter's or notifier's address in clear."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_name = models.CharField(_("par (nom)"), max_length=150)
    comment = models.ForeignKey(
        Comment, verbose_name=_("commentaire"), on_delete=models.PROTECT, null=True, blank=True
    )
    report = models.ForeignKey(
        Report, verbose_name=_("signalement"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("affichage d'une adresse email")
        verbose_name_plural = _("affichages d'adresses email")

    def __str__(self) -> str:
        return f"{self.user_name} — {self.created_at:%Y-%m-%d %H:%M}"


def masked(email: str) -> str:
    """j•••@example.org: enough to tell two addresses apart, not to write to one."""
    local, at, domain = email.partition("@")
    return f"{local[:1]}•••{at}{domain}" if email else ""
