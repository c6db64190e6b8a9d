using Revalidation.Contracts;

namespace Revalidation.Api.Contracts;

// ---- responses ----

/// <param name="GmcWebService">
/// True when the designated body reaches the GMC through its web service (connection changes sent from here); false on
/// the manual route, where the body makes them by hand in GMC Connect. Said before the user starts (issue 15, item 4).
/// </param>
public sealed record MeResponse(string UserId, string Name, IReadOnlyList<string> Roles, string DesignatedBody, string? DesignatedBodyName, Guid? DoctorId, bool GmcWebService = false);

public sealed record CycleResponse(
    int Number,
    DateOnly StartDate,
    DateOnly Rsd,
    bool RsdConfirmed,
    DateOnly ConnectionCheckDate,
    DateOnly NoticeStart,
    DateOnly GmcFinalWarningDate,
    int DaysToRsd,
    int ProgressPercent);

public sealed record GapResponse(string Code, string Rule, int? Year, string? YearLabel, string Message, DeferralSubReason? SubReason, bool Judgement = false);

public sealed record AdviceResponse(int Year, decimal Credits, int Target, string Message);

public sealed record AppraisalYearResponse(
    int Year,
    string Label,
    AppraisalYearStatus Status,
    string AoaCategory,
    DateOnly DueMonthStart,
    DateOnly? MeetingDate,
    DateOnly? SignedOffOn,
    bool PdpAgreed,
    string? MissedReason,
    DeclarationResponse? Declaration,
    IReadOnlyList<SupportingInformationType> EvidenceTypes,
    string? Imported = null,
    string? MissedApproval = null,
    bool MissedApprovedRetrospectively = false,
    string? WindowWarning = null);

public sealed record DeclarationResponse(bool Probity, bool Health, bool NoSignificantEvents, bool NoComplimentsOrComplaints, DateOnly DeclaredOn, bool NothingToDeclare = false, string? ProbityDeclaration = null);

public sealed record ReadinessResponse(
    bool Ready,
    IReadOnlyList<GapResponse> Gaps,
    DeferralReason? SuggestedDeferralReason,
    IReadOnlyList<DeferralSubReason> SuggestedSubReasons,
    IReadOnlyList<AdviceResponse> Advice);

public sealed record DoctorResponse(
    Guid Id,
    string GivenName,
    string FamilyName,
    string GmcNumber,
    string? Email,
    string? Department,
    string? Specialty,
    DoctorStatus Status,
    DateOnly? LeftOn,
    bool UnderGmcInvestigation,
    bool OpenLocalProcess,
    int AppraisalDueMonth,
    string? AppraiserId,
    CycleResponse? Cycle,
    bool UnderNotice,
    bool Overdue,
    ReadinessResponse Readiness,
    IReadOnlyList<AppraisalYearResponse> AppraisalYears,
    RecommendationResponse? OpenRecommendation,
    string? ETag,
    GmcConnectionResponse? GmcConnection = null,
    DoctorRulesResponse? Rules = null,
    TeamFactsResponse? Team = null,
    AppraisalWindowResponse? NextAppraisalWindow = null);

/// <summary>R14: the next appraisal is expected 9 to 15 months after the latest recorded meeting.</summary>
public sealed record AppraisalWindowResponse(DateOnly From, DateOnly To, DateOnly PreviousMeeting);

/// <summary>
/// What the RO team has recorded that the rules depend on (docs/domain.md#r17, #r20): patient feedback not applicable this
/// cycle (and why), and a conflict of interest with the additional RO who acts instead. For the RO team and admins only.
/// </summary>
public sealed record TeamFactsResponse(string? PatientFeedbackNotApplicable, bool ResponsibleOfficerConflict, StaffResponse? AdditionalResponsibleOfficer);

/// <summary>
/// The rules as they apply to this doctor, computed by the API with the Server's configured rules (docs/domain.md#r8,
/// docs/domain.md#r16, docs/domain.md#r17; docs/decisions/0015-record-parts-write-path-ports.md): the web UI renders these and computes none.
/// </summary>
/// <param name="Deferral">R8: the dates a deferral may propose now (none without a cycle).</param>
/// <param name="DeferralWouldBeConsecutive">R8: the last outcome of this cycle was an approved deferral, so another needs a justification.</param>
/// <param name="Checklist">The supporting-information checklist: the cycle's R17 items, then each started appraisal year's R16 items.</param>
/// <param name="CurrentAppraisalYear">The appraisal year containing today (UK date).</param>
/// <param name="NewEvidenceYear">The year new supporting information defaults to: today's, or the next once today's appraisal is signed off.</param>
public sealed record DoctorRulesResponse(
    DeferralBoundsResponse? Deferral,
    bool DeferralWouldBeConsecutive,
    IReadOnlyList<ChecklistGroupResponse> Checklist,
    IReadOnlyList<StatementResponse>? NonEngagementCriteria = null,
    IReadOnlyList<StatementResponse>? PositiveStatements = null,
    bool RsdConfirmed = true,
    bool RevalidationOnHold = false,
    AppraisalYearRef? CurrentAppraisalYear = null,
    AppraisalYearRef? NewEvidenceYear = null);

/// <summary>An appraisal year by its start year and its label ("2026/27"), computed with the Server's configured start month.</summary>
public sealed record AppraisalYearRef(int Year, string Label);

/// <summary>
/// One statement the RO confirms, as the GMC words it (docs/domain.md#r9, #decision-d): <paramref name="Field"/> names the
/// request property it sets; <paramref name="WhereApplicable"/> statements may be answered "not applicable".
/// </summary>
public sealed record StatementResponse(string Field, string Wording, bool WhereApplicable);

/// <summary>R8: the earliest and latest new submission date a deferral may propose, and the day counts after the RSD they come from.</summary>
public sealed record DeferralBoundsResponse(DateOnly Earliest, DateOnly Latest, int MinDays, int MaxDays);

/// <summary>One group of the checklist: the cycle (no year) or one appraisal year.</summary>
public sealed record ChecklistGroupResponse(string Heading, int? Year, IReadOnlyList<ChecklistItemResponse> Items)
{
    public int MissingCount => Items.Count(i => !i.Done);
}

/// <summary>One item: done, or what is missing in plain words.</summary>
public sealed record ChecklistItemResponse(string Name, bool Done, string? Missing);

/// <summary>What the GMC's list of connected doctors last said (GetDoctorsForDB or the uploaded GMC Connect list).</summary>
public sealed record GmcConnectionResponse(
    DateOnly CheckedOn,
    bool Connected,
    DateOnly? SubmissionDate,
    bool UnderNotice,
    bool Investigation,
    bool PreliminaryInvestigation,
    string? Sanction,
    string? DoctorStatus,
    DateOnly? DateAdded);

public sealed record EvidenceResponse(
    Guid Id,
    SupportingInformationType Type,
    string Title,
    DateOnly ActivityDate,
    int AppraisalYear,
    decimal? CpdCredits,
    string? Reflection,
    string? FileName,
    string? ContentType,
    long? SizeBytes,
    string? Sha256,
    bool Locked,
    DateOnly? WithdrawnOn,
    DateTimeOffset AddedAt);

/// <summary>
/// A direct upload's declaration (ADR 0012): the evidence metadata the multipart upload takes, and the file's name,
/// size in bytes and SHA-256 (64 hexadecimal digits). Dates as yyyy-MM-dd.
/// </summary>
public sealed record DirectUploadRequest(
    string? Type = null,
    string? Title = null,
    string? ActivityDate = null,
    int? AppraisalYear = null,
    decimal? CpdCredits = null,
    string? Reflection = null,
    string? FileName = null,
    long? SizeBytes = null,
    string? Sha256 = null);

/// <summary>The declared item (no file yet) and where to PUT the file: before <paramref name="ExpiresAt"/>, with <paramref name="RequiredHeaders"/>.</summary>
public sealed record DirectUploadResponse(
    EvidenceResponse Evidence,
    Uri UploadUrl,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string> RequiredHeaders);

public sealed record RecommendationResponse(
    Guid Id,
    int CycleNumber,
    RecommendationType Type,
    RecommendationStatus Status,
    DeferralReason? DeferralReason,
    DeferralSubReason? DeferralSubReason,
    DateOnly? ProposedRsd,
    NonEngagementAttestations? Attestations,
    string? Comments,
    string? ConsecutiveDeferralJustification,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateOnly? SubmittedOn,
    string? SubmittedBy,
    DateOnly? RsdAtSubmission,
    DateOnly? OutcomeOn,
    string? GmcRecommendationId,
    GmcSubmissionResponse? GmcSubmission = null,
    DateOnly? ElaConsultedOn = null,
    IReadOnlyList<GapAcknowledgement>? GapAcknowledgements = null,
    PositiveStatements? Statements = null,
    RecommendationSnapshotResponse? Snapshot = null,
    IReadOnlyList<GmcRefusalResponse>? Refusals = null,
    DateTimeOffset? HoldEndsAt = null,
    string? HoldEndsAtText = null,
    ReadyMarkResponse? ReadyForResponsibleOfficer = null);

/// <summary>
/// A recommendation's submission through the GMC web service: its state, the GMC's return code verbatim and its meaning
/// (shown to the RO when the GMC refused it), attempts and the next one, the last status the GMC gave.
/// </summary>
public sealed record GmcSubmissionResponse(
    GmcSubmissionState State,
    string ClientRequestId,
    DateTimeOffset QueuedAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? ReturnCode,
    string? ReturnCodeMeaning,
    DateTimeOffset? SubmittedAt,
    string? LastError,
    string? GmcStatus,
    DateTimeOffset? LastCheckedAt,
    bool ReturnCodeUnknown = false);

public sealed record CaseloadPage(IReadOnlyList<CaseloadRow> Items, int Page, int PageSize, int Total);

/// <summary>One audit event. <c>Who</c> is the person or service in words ("Dr Alex Morgan, responsible officer"; "Directory sync"); <c>Doctor</c> the record's doctor by name, where there is one.</summary>
public sealed record AuditEventResponse(Guid Id, Guid? DoctorId, string ActorId, string ActorRole, string Action, string Summary, DateTimeOffset OccurredAt, string? Change,
    string? Who = null, string? Doctor = null);

/// <summary>One page of the admin audit log, newest first: <c>Total</c> events match the filters; <c>Page</c> counts from 1.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEventResponse> Items, int Page, int PageSize, int Total);

public sealed record StaffResponse(string UserId, string Name, string? Email, string? GmcNumber);

public sealed record DesignatedBodyResponse(
    string Code,
    string Name,
    StaffResponse? ResponsibleOfficer,
    string? MedicalDirectorEmail,
    string? AdminEmail,
    IReadOnlyList<StaffResponse> Appraisers,
    string? ETag,
    bool ManagerMaySend = false);

// ---- requests ----

public sealed record RecommendationRequest(
    RecommendationType Type,
    DeferralReason? DeferralReason = null,
    DeferralSubReason? DeferralSubReason = null,
    DateOnly? ProposedRsd = null,
    NonEngagementAttestations? Attestations = null,
    string? Comments = null,
    string? ConsecutiveDeferralJustification = null,
    DateOnly? ElaConsultedOn = null,
    IReadOnlyList<GapAcknowledgement>? GapAcknowledgements = null,
    PositiveStatements? Statements = null);

/// <summary>
/// The check step of a submission (decision (d), docs/domain.md#decision-d): the RO's reason for each readiness gap and the
/// GMC's statements, for a revalidate recommendation. Optional: when absent, those already on the draft are used.
/// </summary>
public sealed record SubmitRecommendationRequest(IReadOnlyList<GapAcknowledgement>? GapAcknowledgements = null, PositiveStatements? Statements = null);

public sealed record OutcomeRequest(GmcOutcome Outcome, DateOnly? NewRsd = null, string? GmcRecommendationId = null);

public sealed record FlagsRequest(bool? UnderGmcInvestigation = null, bool? OpenLocalProcess = null);

public sealed record RsdRequest(DateOnly Rsd);

/// <summary>R15: approve a missed year, with the reason and (optionally) the dates of absence.</summary>
public sealed record ApproveMissedRequest(string Reason, DateOnly? AbsentFrom = null, DateOnly? AbsentTo = null);

/// <param name="Notes">R16: the appraiser's note on each item missing at sign-off (by the code of its gap).</param>
public sealed record AppraisalRequest(DateOnly MeetingDate, bool SignOff, bool PdpAgreed, IReadOnlyList<AppraiserNoteRequest>? Notes = null);

/// <summary>R16: why one item is missing at sign-off.</summary>
public sealed record AppraiserNoteRequest(string Code, string Note);

/// <param name="Probity">R16: the doctor accepts their probity obligations.</param>
/// <param name="NothingToDeclare">…and has nothing to declare; or says what they declare in <paramref name="ProbityDeclaration"/>.</param>
public sealed record DeclarationRequest(bool Probity, bool Health, bool NoSignificantEvents, bool NoComplimentsOrComplaints, bool? NothingToDeclare = null, string? ProbityDeclaration = null);

/// <summary>R14: the doctor's appraisal due month (1–12). March is allowed, with a warning (docs/domain.md#decision-b).</summary>
public sealed record DueMonthRequest(int Month);

/// <summary>R21, decision (a): a postponement of a year's appraisal, agreed before the year ends.</summary>
public sealed record PostponementRequest(DateOnly Until, string Reason);

/// <summary>
/// Issue 16: a doctor's request for one appraisal year: a postponement to <paramref name="ProposedDate"/>, or approval as
/// missed for an absence from <paramref name="AbsentFrom"/> (to <paramref name="AbsentTo"/>, if it has ended).
/// </summary>
public sealed record NewAppraisalYearRequest(AppraisalRequestKind Kind, int Year, string? Reason, DateOnly? ProposedDate = null, DateOnly? AbsentFrom = null, DateOnly? AbsentTo = null);

/// <summary>Issue 16: why the RO team declines a request (the doctor reads it).</summary>
public sealed record DeclineAppraisalYearRequest(string? Reason);

/// <summary>Issue 16: one postponement or approved-missed request and its decision; <paramref name="StatusText"/> in plain words.</summary>
public sealed record AppraisalYearRequestResponse(
    Guid Id,
    AppraisalRequestKind Kind,
    int Year,
    string YearLabel,
    string Reason,
    DateOnly? ProposedDate,
    DateOnly? AbsentFrom,
    DateOnly? AbsentTo,
    DateOnly RequestedOn,
    AppraisalRequestStatus Status,
    string StatusText,
    string? DecidedByName,
    string? DecidedByRole,
    DateOnly? DecidedOn,
    string? DeclineReason,
    bool Retrospective);

/// <summary>Issue 16: one pending request in the RO team's queue, with its doctor and the days left before its year ends (negative once ended).</summary>
public sealed record AppraisalRequestQueueItem(
    Guid DoctorId,
    string DoctorName,
    string GmcNumber,
    AppraisalYearRequestResponse Request,
    DateOnly YearEnd,
    int DaysUntilYearEnd);

/// <summary>R1: the current cycle's first day (a first cycle after a new or restored licence, or CCT, is shorter).</summary>
public sealed record CycleStartRequest(DateOnly StartDate);

/// <summary>R17: patient feedback does not apply this cycle (or an alternative was agreed), and why; null clears it.</summary>
public sealed record PatientFeedbackRequest(string? NotApplicableReason);

/// <summary>R20: a conflict of interest between the body's RO and this doctor, and the additional RO who acts instead.</summary>
public sealed record ConflictRequest(bool Conflict, StaffRequest? AdditionalResponsibleOfficer = null);

/// <param name="ManagerMaySend">Issue 16: the revalidation manager may send recommendations the RO approved; null leaves it as it is.</param>
public sealed record DesignatedBodySettingsRequest(string Name, string? MedicalDirectorEmail = null, string? AdminEmail = null, bool? ManagerMaySend = null);

/// <summary>Issue 16: mark a draft ready for the RO (true) or clear the mark (false).</summary>
public sealed record ReadyRequest(bool? Ready);

/// <summary>Issue 16: who marked a draft ready for the RO (name and app role) and when.</summary>
public sealed record ReadyMarkResponse(string Name, string Role, DateTimeOffset At);

/// <summary>Issue 16: a decision note (at most 2,000 characters).</summary>
public sealed record NoteRequest(string? Text);

/// <summary>Issue 16: a decision note for the RO team: on the doctor, or on one recommendation (<paramref name="RecommendationId"/>).</summary>
public sealed record NoteResponse(Guid Id, Guid? RecommendationId, string Text, string AuthorName, string AuthorRole, DateTimeOffset At);

/// <param name="Reason">Issue 16, item 5: why, when the allocation breaks a soft rule (appraisee cap, consecutive years); 1–1,000 characters.</param>
public sealed record AssignAppraiserRequest(string? AppraiserId, string? Reason = null);

public sealed record DemoTokenRequest(string Persona);

public sealed record DemoTokenResponse(string AccessToken, string TokenType, DemoPersonaResponse Persona);

public sealed record DemoPersonaResponse(string Key, string Name, string Role, string DesignatedBody, string Description);

/// <summary>An alert email that could not be delivered, and why (docs/domain.md#alerts). No message content: the reason names the cause.</summary>
public sealed record DeadLetterResponse(
    string Key,
    string Kind,
    string Recipient,
    Guid? DoctorId,
    DateOnly DueOn,
    DateTimeOffset CreatedAt,
    int Attempts,
    string? Reason,
    DateTimeOffset? DeadLetteredAt);

/// <summary>Dead letters to send again: the given keys, or every dead letter of the body with <c>all</c>.</summary>
public sealed record RetryDeadLettersRequest(IReadOnlyList<string>? Keys, bool All = false);

/// <summary>Which dead letters are pending again, and which keys were not (unknown here, not dead-lettered, or changed meanwhile).</summary>
public sealed record RetryDeadLettersResponse(IReadOnlyList<string> Retried, IReadOnlyList<string> NotRetried);

public sealed record StaffRequest(string UserId, string Name, string? Email = null, string? GmcNumber = null);

/// <summary>Issue 16: one doctor on the ready list or the review list, with why (plain words) and the readiness gaps a batch submission must give a reason for.</summary>
public sealed record ReadyListDoctor(Guid DoctorId, string Name, string GmcNumber, DateOnly Rsd, IReadOnlyList<string> Reasons, IReadOnlyList<GapResponse> Gaps,
    bool Moved, string? MovedNote, string? MovedBy, string? PreparedBy = null);

/// <summary>Issue 16: a recommendation in its cooling-off hold; <c>SendsAt</c> in words ("10:15 on 4 December 2026", UK time).</summary>
public sealed record HeldRecommendation(Guid DoctorId, Guid RecommendationId, string Name, string GmcNumber, RecommendationType Type, DateTimeOffset HoldEndsAt, string SendsAt);

/// <summary>
/// Issue 16: the ready list, the review list, the held recommendations and how many wait to be entered in GMC Connect.
/// <c>CanSubmit</c>: the user may submit (the RO); <c>CanSendNow</c>: the user may end a hold (the RO, or the revalidation
/// manager where the body lets them send what the RO approved).
/// </summary>
public sealed record ReadyListResponse(IReadOnlyList<ReadyListDoctor> Ready, IReadOnlyList<ReadyListDoctor> NeedsReview, IReadOnlyList<HeldRecommendation> Held, int ToEnterInGmcConnect,
    IReadOnlyList<StatementResponse>? Statements = null, bool CanSubmit = false, bool CanSendNow = false);

/// <summary>Move a doctor to the ready list (<c>Ready</c> true) or the review list, with why.</summary>
public sealed record ReadyListPlacementRequest(bool Ready, string Note);

/// <summary>One doctor of a batch: the type (only revalidate in a batch) and a reason for each readiness gap, if any.</summary>
public sealed record BatchRecommendationItem(Guid DoctorId, RecommendationType Type, IReadOnlyList<GapAcknowledgement>? GapAcknowledgements = null);

/// <summary>Issue 16: submit recommendations for many doctors at once, each into the hold; the GMC's statements confirmed once for all of them.</summary>
public sealed record BatchRecommendationRequest(IReadOnlyList<BatchRecommendationItem> Items, PositiveStatements Statements);

/// <summary>What happened to each doctor of a batch.</summary>
public sealed record BatchRecommendationResult(Guid DoctorId, Guid? RecommendationId, bool Held, string? Problem, DateTimeOffset? HoldEndsAt, string? SendsAt);

public sealed record BatchRecommendationResponse(IReadOnlyList<BatchRecommendationResult> Results);

/// <summary>Issue 16: a released recommendation (manual route) to enter in GMC Connect.</summary>
public sealed record WorksheetRow(Guid DoctorId, Guid RecommendationId, string Name, string GmcNumber, DateOnly Rsd, RecommendationType Type, string TypeText, DateTimeOffset? ReleasedAt, string? ReleasedAtText);
