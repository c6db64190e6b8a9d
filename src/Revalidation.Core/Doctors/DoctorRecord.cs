using System.Text.Json.Serialization;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Doctors;

/// <summary>
/// The doctor aggregate: identity, connection, cycles, appraisals, declarations, evidence metadata and
/// recommendations. It is saved whole, with optimistic concurrency (<see cref="ETag"/>), in the
/// partition of its designated body. Every change goes through a method that checks the rule it
/// names and returns a <see cref="Result"/>; nothing is ever removed.
/// </summary>
public sealed partial class DoctorRecord
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 1_000;

    [JsonInclude, JsonPropertyName("cycles")]
    private List<RevalidationCycle> cycles = [];

    [JsonInclude, JsonPropertyName("appraisals")]
    private List<Appraisal> appraisals = [];

    [JsonInclude, JsonPropertyName("declarations")]
    private List<AnnualDeclaration> declarations = [];

    [JsonInclude, JsonPropertyName("evidence")]
    private List<EvidenceItem> evidence = [];

    [JsonInclude, JsonPropertyName("recommendations")]
    private List<Recommendation> recommendations = [];

    [JsonConstructor]
    private DoctorRecord(Guid id, DesignatedBodyCode designatedBody, GmcNumber gmcNumber)
    {
        Id = id;
        DesignatedBody = designatedBody;
        GmcNumber = gmcNumber;
    }

    public Guid Id { get; }

    public DesignatedBodyCode DesignatedBody { get; }

    /// <summary>R12: seven digits, unique across the system (the store enforces uniqueness).</summary>
    public GmcNumber GmcNumber { get; }

    /// <summary>The directory object id (Entra ID) or the HR system's key.</summary>
    [JsonInclude]
    public string? DirectoryId { get; private set; }

    [JsonInclude]
    public string GivenName { get; private set; } = string.Empty;

    [JsonInclude]
    public string FamilyName { get; private set; } = string.Empty;

    [JsonInclude]
    public string? Email { get; private set; }

    [JsonInclude]
    public string? Department { get; private set; }

    [JsonInclude]
    public string? Specialty { get; private set; }

    [JsonInclude]
    public DoctorStatus Status { get; private set; } = DoctorStatus.Active;

    /// <summary>R13: when the doctor left the directory.</summary>
    [JsonInclude]
    public DateOnly? LeftOn { get; private set; }

    /// <summary>R10: under a GMC fitness-to-practise investigation.</summary>
    [JsonInclude]
    public bool UnderGmcInvestigation { get; private set; }

    /// <summary>R19: subject to an open local (governance) process.</summary>
    [JsonInclude]
    public bool OpenLocalProcess { get; private set; }

    /// <summary>R14: the month of the appraisal year in which the doctor is normally appraised.</summary>
    [JsonInclude]
    public int AppraisalDueMonth { get; private set; }

    [JsonInclude]
    public string? AppraiserId { get; private set; }

    /// <summary>R20: the additional RO for a doctor with whom the designated body's RO has a conflict of interest.</summary>
    [JsonInclude]
    public StaffMember? AdditionalResponsibleOfficer { get; private set; }

    /// <summary>R20: the designated body's RO has a declared conflict of interest with this doctor.</summary>
    [JsonInclude]
    public bool ResponsibleOfficerConflict { get; private set; }

    /// <summary>Opaque concurrency token set by the store; null until first saved.</summary>
    [JsonIgnore]
    public string? ETag { get; private set; }

    [JsonIgnore]
    public IReadOnlyList<RevalidationCycle> Cycles => cycles;

    [JsonIgnore]
    public IReadOnlyList<Appraisal> Appraisals => appraisals;

    [JsonIgnore]
    public IReadOnlyList<AnnualDeclaration> Declarations => declarations;

    [JsonIgnore]
    public IReadOnlyList<EvidenceItem> Evidence => evidence;

    [JsonIgnore]
    public IReadOnlyList<Recommendation> Recommendations => recommendations;

    [JsonIgnore]
    public string DisplayName => $"Dr {GivenName} {FamilyName}";

    /// <summary>The open cycle, if any (closed by non-engagement leaves none).</summary>
    [JsonIgnore]
    public RevalidationCycle? CurrentCycle => cycles.LastOrDefault(c => c.IsOpen);

    /// <summary>R6: the one open recommendation, if any.</summary>
    [JsonIgnore]
    public Recommendation? OpenRecommendation => recommendations.FirstOrDefault(r => r.IsOpen);

    public void MarkPersisted(string etag) => ETag = etag;

    public static Result<DoctorRecord> Create(
        DesignatedBodyCode designatedBody,
        GmcNumber gmcNumber,
        string givenName,
        string familyName,
        DateOnly rsd,
        bool rsdConfirmed,
        int appraisalDueMonth,
        RevalidationOptions options,
        string? email = null,
        string? department = null,
        string? specialty = null,
        string? directoryId = null,
        Guid? id = null)
    {
        var check = Result.All(CheckNames(givenName, familyName), CheckDueMonth(appraisalDueMonth));
        if (!check.IsSuccess)
        {
            return check;
        }

        var doctor = new DoctorRecord(id ?? Guid.NewGuid(), designatedBody, gmcNumber)
        {
            GivenName = givenName.Trim(),
            FamilyName = familyName.Trim(),
            Email = email?.Trim(),
            Department = department?.Trim(),
            Specialty = specialty?.Trim(),
            DirectoryId = directoryId,
            AppraisalDueMonth = appraisalDueMonth,
        };
        doctor.cycles.Add(new RevalidationCycle(1, CycleRules.EstimateCycleStart(rsd, options), rsd, rsdConfirmed));
        return doctor;
    }

    // ---- identity and connection (R13) ----

    /// <summary>Applies directory attributes; the revalidation team's data (RSD, flags, appraisals) is untouched.</summary>
    public Result<bool> UpdateDirectoryDetails(string givenName, string familyName, string? email, string? department, string? specialty, string? directoryId)
    {
        var check = CheckNames(givenName, familyName);
        if (!check.IsSuccess)
        {
            return check;
        }

        var changed = GivenName != givenName.Trim() || FamilyName != familyName.Trim() || Email != email?.Trim()
            || Department != department?.Trim() || Specialty != specialty?.Trim() || (directoryId is not null && DirectoryId != directoryId);
        GivenName = givenName.Trim();
        FamilyName = familyName.Trim();
        Email = email?.Trim();
        Department = department?.Trim();
        Specialty = specialty?.Trim();
        DirectoryId = directoryId ?? DirectoryId;
        return Result<bool>.Ok(changed);
    }

    /// <summary>R13: a doctor who leaves keeps their record and becomes a leaver.</summary>
    public Result MarkLeaver(DateOnly today)
    {
        if (Status == DoctorStatus.Leaver)
        {
            return Result.Fail(RuleIds.Connection, "status", "The doctor is already a leaver.");
        }

        Status = DoctorStatus.Leaver;
        LeftOn = today;
        return Result.Success;
    }

    /// <summary>R13: a leaver who comes back to the directory is active again.</summary>
    public Result Reactivate()
    {
        if (Status == DoctorStatus.Active)
        {
            return Result.Fail(RuleIds.Connection, "status", "The doctor is already active.");
        }

        Status = DoctorStatus.Active;
        LeftOn = null;
        return Result.Success;
    }

    /// <summary>R10: flag or clear a GMC fitness-to-practise investigation.</summary>
    public Result SetGmcInvestigation(bool underInvestigation)
    {
        if (UnderGmcInvestigation == underInvestigation)
        {
            return Result.Fail(RuleIds.FitnessToPractise, "underGmcInvestigation", underInvestigation ? "The flag is already set." : "The flag is already clear.");
        }

        UnderGmcInvestigation = underInvestigation;
        return Result.Success;
    }

    /// <summary>R19: flag or clear an open local process.</summary>
    public Result SetOpenLocalProcess(bool open)
    {
        if (OpenLocalProcess == open)
        {
            return Result.Fail(RuleIds.Readiness, "openLocalProcess", open ? "The flag is already set." : "The flag is already clear.");
        }

        OpenLocalProcess = open;
        return Result.Success;
    }

    public Result AssignAppraiser(string? appraiserId)
    {
        AppraiserId = string.IsNullOrWhiteSpace(appraiserId) ? null : appraiserId;
        return Result.Success;
    }

    /// <summary>R20: declare (or clear) the RO's conflict of interest, naming the additional RO who acts instead.</summary>
    public Result SetResponsibleOfficerConflict(bool conflict, StaffMember? additionalResponsibleOfficer)
    {
        if (conflict && additionalResponsibleOfficer is null)
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "additionalResponsibleOfficer", "A conflict of interest needs an additional responsible officer.");
        }

        ResponsibleOfficerConflict = conflict;
        AdditionalResponsibleOfficer = conflict ? additionalResponsibleOfficer : null;
        return Result.Success;
    }

    // ---- cycle (R1) ----

    /// <summary>R1: enter the RSD the GMC has set for the current cycle.</summary>
    public Result ConfirmRsd(DateOnly rsd)
    {
        if (CurrentCycle is not { } cycle)
        {
            return Result.Fail(RuleIds.CycleLength, "rsd", "The doctor has no open revalidation cycle.");
        }

        if (rsd <= cycle.StartDate)
        {
            return Result.Fail(RuleIds.CycleLength, "rsd", $"The submission date must be after the cycle start ({cycle.StartDate:d MMMM yyyy}).");
        }

        if (recommendations.Any(r => r.CycleNumber == cycle.Number && r.Status is RecommendationStatus.Submitted or RecommendationStatus.UnderReview))
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "rsd", "A recommendation is awaiting the GMC; the date will follow from its outcome.");
        }

        cycle.Rsd = rsd;
        cycle.RsdConfirmed = true;
        return Result.Success;
    }

    // ---- appraisals and declarations (R14–R16) ----

    public Appraisal? AppraisalFor(int year) => appraisals.FirstOrDefault(a => a.Year == year);

    public AnnualDeclaration? DeclarationFor(int year) => declarations.FirstOrDefault(d => d.Year == year);

    /// <summary>Records the appraisal of a year; sign-off locks the evidence it used.</summary>
    public Result RecordAppraisal(AppraisalYear year, DateOnly meetingDate, bool signOff, bool pdpAgreed, string appraiserId, DateOnly today)
    {
        if (meetingDate > today)
        {
            return Result.Fail(RuleIds.Validation, "meetingDate", "The meeting date cannot be in the future.");
        }

        if (!year.Contains(meetingDate) && meetingDate < year.Start)
        {
            return Result.Fail(RuleIds.AppraisalYear, "meetingDate", $"The meeting date must be on or after the start of appraisal year {year.Label} ({year.Start:d MMMM yyyy}).");
        }

        var appraisal = AppraisalFor(year.StartYear);
        if (appraisal is { IsCompleted: true })
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal is already signed off.");
        }

        if (appraisal is null)
        {
            appraisal = new Appraisal(year.StartYear);
            appraisals.Add(appraisal);
        }

        appraisal.MeetingDate = meetingDate;
        appraisal.PdpAgreed = pdpAgreed;
        appraisal.AppraiserId = appraiserId;
        if (signOff)
        {
            appraisal.SignedOffOn = today;
            appraisal.SignedOffBy = appraiserId;
            appraisal.MissedReason = null;
            appraisal.MissedApprovedBy = null;
            appraisal.MissedApprovedOn = null;
            foreach (var item in evidence.Where(e => e.AppraisalYear == year.StartYear && !e.IsWithdrawn))
            {
                item.Locked = true;
            }
        }

        return Result.Success;
    }

    /// <summary>R15: the RO approves a missed or incomplete appraisal year, with a reason.</summary>
    public Result ApproveMissedAppraisal(AppraisalYear year, string reason, string approvedBy, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "reason", $"A reason (1–{MaxReasonLength} characters) is needed to approve a missed appraisal.");
        }

        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"Appraisal year {year.Label} has not started.");
        }

        var appraisal = AppraisalFor(year.StartYear);
        if (appraisal is { IsCompleted: true })
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal was completed; it cannot be approved as missed.");
        }

        if (appraisal is null)
        {
            appraisal = new Appraisal(year.StartYear);
            appraisals.Add(appraisal);
        }

        appraisal.MissedReason = reason.Trim();
        appraisal.MissedApprovedBy = approvedBy;
        appraisal.MissedApprovedOn = today;
        return Result.Success;
    }

    /// <summary>R16: the doctor's annual probity and health statements (and "none" declarations).</summary>
    public Result Declare(AppraisalYear year, bool probity, bool health, bool noSignificantEvents, bool noComplimentsOrComplaints, DateOnly today)
    {
        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (AppraisalFor(year.StartYear) is { IsCompleted: true })
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"The {year.Label} appraisal is signed off; its declarations are final.");
        }

        var declaration = DeclarationFor(year.StartYear);
        if (declaration is null)
        {
            declaration = new AnnualDeclaration(year.StartYear);
            declarations.Add(declaration);
        }

        declaration.Probity = probity;
        declaration.Health = health;
        declaration.NoSignificantEvents = noSignificantEvents;
        declaration.NoComplimentsOrComplaints = noComplimentsOrComplaints;
        declaration.DeclaredOn = today;
        return Result.Success;
    }

    // ---- evidence ----

    public EvidenceItem? EvidenceById(Guid id) => evidence.FirstOrDefault(e => e.Id == id);

    public Result<EvidenceItem> AddEvidence(
        SupportingInformationType type,
        string title,
        DateOnly activityDate,
        AppraisalYear year,
        decimal? cpdCredits,
        string? reflection,
        EvidenceFile? file,
        DateTimeOffset now,
        Guid? id = null)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, UkCalendar.London).DateTime);
        var violations = new List<RuleViolation>();
        if (!Enum.IsDefined(type))
        {
            violations.Add(new(RuleIds.Validation, "type", "Unknown supporting-information type."));
        }

        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > EvidenceItem.MaxTitleLength)
        {
            violations.Add(new(RuleIds.Validation, "title", $"A title of 1–{EvidenceItem.MaxTitleLength} characters is required."));
        }

        if (activityDate > today)
        {
            violations.Add(new(RuleIds.Validation, "activityDate", "The activity date cannot be in the future."));
        }

        if (cpdCredits is { } credits && (credits < 0 || credits > EvidenceItem.MaxCpdCredits))
        {
            violations.Add(new(RuleIds.CpdAdvice, "cpdCredits", $"CPD credits must be between 0 and {EvidenceItem.MaxCpdCredits}."));
        }

        if (reflection is { Length: > EvidenceItem.MaxReflectionLength })
        {
            violations.Add(new(RuleIds.Validation, "reflection", $"A reflection is at most {EvidenceItem.MaxReflectionLength} characters."));
        }

        // Once this year's appraisal is signed off, new evidence supports the next appraisal, whose year may not have started yet.
        var current = AppraisalYear.Containing(today, year.StartMonth);
        var nextYearOpen = year == current.Next && AppraisalFor(current.StartYear) is { IsCompleted: true };
        if (year.Start > today && !nextYearOpen)
        {
            violations.Add(new(RuleIds.AppraisalYear, "appraisalYear", $"Appraisal year {year.Label} has not started."));
        }
        else if (AppraisalFor(year.StartYear) is { IsCompleted: true })
        {
            violations.Add(new(RuleIds.AppraisalContent, "appraisalYear", $"The {year.Label} appraisal is signed off; add this to the year of the next appraisal."));
        }

        if (violations.Count > 0)
        {
            return Result.Fail(violations);
        }

        var item = new EvidenceItem(id ?? Guid.NewGuid(), type, title.Trim(), activityDate, year.StartYear, now)
        {
            CpdCredits = cpdCredits,
            Reflection = reflection,
            File = file,
        };
        evidence.Add(item);
        return item;
    }

    /// <summary>Marks an evidence item (without a file yet) as waiting for a directly uploaded file matching <paramref name="expected"/>.</summary>
    public Result ExpectEvidenceUpload(Guid evidenceId, EvidenceUpload expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (EvidenceById(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "No such evidence item.");
        }

        if (item.File is not null || item.Upload is not null)
        {
            return Result.Fail(RuleIds.Validation, "file", "This evidence item already has a file.");
        }

        item.Upload = expected with { Status = EvidenceUploadStatus.Awaiting, RejectionReason = null, CheckedAt = null };
        return Result.Success;
    }

    /// <summary>The awaited file arrived and matched: it becomes the item's file.</summary>
    public Result CompleteEvidenceUpload(Guid evidenceId, EvidenceFile file, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (AwaitingUpload(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence item is not waiting for a file.");
        }

        item.File = file;
        item.Upload = item.Upload! with { Status = EvidenceUploadStatus.Verified, CheckedAt = at };
        return Result.Success;
    }

    /// <summary>The awaited file arrived and did not match: the item keeps no file, and says why.</summary>
    public Result RejectEvidenceUpload(Guid evidenceId, string reason, DateTimeOffset at)
    {
        if (AwaitingUpload(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence item is not waiting for a file.");
        }

        item.Upload = item.Upload! with { Status = EvidenceUploadStatus.Rejected, RejectionReason = reason, CheckedAt = at };
        return Result.Success;
    }

    private EvidenceItem? AwaitingUpload(Guid evidenceId) =>
        EvidenceById(evidenceId) is { Upload.Status: EvidenceUploadStatus.Awaiting, File: null, IsWithdrawn: false } item ? item : null;

    /// <summary>Withdraws evidence (kept, marked). Not allowed once an appraisal that used it is signed off.</summary>
    public Result WithdrawEvidence(Guid evidenceId, DateOnly today)
    {
        var item = EvidenceById(evidenceId);
        if (item is null)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "No such evidence item.");
        }

        if (item.Locked)
        {
            return Result.Fail(RuleIds.AppraisalContent, "evidenceId", "This evidence was used in a signed-off appraisal and is locked.");
        }

        if (item.IsWithdrawn)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence is already withdrawn.");
        }

        item.WithdrawnOn = today;
        return Result.Success;
    }

    // ---- recommendations (R4–R11) ----

    public Recommendation? RecommendationById(Guid id) => recommendations.FirstOrDefault(r => r.Id == id);

    /// <summary>R6: drafts a recommendation when none is open; R8/R9 content is checked now, the R4 window at submission.</summary>
    public Result<Recommendation> DraftRecommendation(RecommendationDetails details, DateTimeOffset now, string createdBy, RevalidationOptions options, Guid? id = null)
    {
        if (CurrentCycle is not { } cycle)
        {
            return Result<Recommendation>.Fail(RuleIds.GmcOutcome, "doctor", "The doctor has no open revalidation cycle.");
        }

        if (OpenRecommendation is { } open)
        {
            return Result<Recommendation>.Fail(RuleIds.OneOpenRecommendation, "recommendation",
                $"A recommendation is already open ({open.Status}); only one may be open at a time.");
        }

        var check = RecommendationRules.CheckDetails(details, cycle.Rsd, options);
        if (!check.IsSuccess)
        {
            return check;
        }

        var recommendation = new Recommendation(id ?? Guid.NewGuid(), cycle.Number, details, now, createdBy);
        recommendations.Add(recommendation);
        return recommendation;
    }

    /// <summary>R7: only a draft can change.</summary>
    public Result EditDraft(Guid recommendationId, RecommendationDetails details, RevalidationOptions options)
    {
        var found = FindRecommendation(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "A submitted recommendation cannot be edited or withdrawn.");
        }

        var check = RecommendationRules.CheckDetails(details, CurrentCycle!.Rsd, options);
        if (!check.IsSuccess)
        {
            return check;
        }

        recommendation.Details = details;
        return Result.Success;
    }

    /// <summary>Submits a draft: R4 window, R8/R9 content, R8 consecutive-deferral justification, R10 investigation.</summary>
    public Result Submit(Guid recommendationId, DateOnly today, string submittedBy, RevalidationOptions options)
    {
        var found = FindRecommendation(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "This recommendation was already submitted.");
        }

        if (UnderGmcInvestigation)
        {
            return Result.Fail(RuleIds.FitnessToPractise, "underGmcInvestigation",
                "The doctor is under a GMC fitness-to-practise investigation; no recommendation can be submitted.");
        }

        if (Status == DoctorStatus.Leaver)
        {
            return Result.Fail(RuleIds.Connection, "status", "The doctor has left this designated body; remove the connection in GMC Connect instead.");
        }

        var rsd = CurrentCycle!.Rsd;
        var check = Result.All(
            RecommendationRules.CheckSubmissionWindow(recommendation.Type, rsd, today, options),
            RecommendationRules.CheckDetails(recommendation.Details, rsd, options));
        if (!check.IsSuccess)
        {
            return check;
        }

        if (RecommendationRules.IsConsecutiveDeferral(recommendation.Type, recommendations, recommendation.CycleNumber)
            && string.IsNullOrWhiteSpace(recommendation.Details.ConsecutiveDeferralJustification))
        {
            return Result.Fail(RuleIds.Deferral, "consecutiveDeferralJustification",
                "This deferral follows an approved deferral; say why a further deferral is justified.");
        }

        recommendation.Status = RecommendationStatus.Submitted;
        recommendation.SubmittedOn = today;
        recommendation.SubmittedBy = submittedBy;
        recommendation.RsdAtSubmission = rsd;
        return Result.Success;
    }

    /// <summary>
    /// R11: applies the GMC's outcome. Approved revalidation closes the cycle and opens the next (R1); an
    /// approved deferral moves the RSD; rejected closes the recommendation; under review waits.
    /// </summary>
    public Result RecordGmcOutcome(Guid recommendationId, GmcOutcome outcome, DateOnly today, RevalidationOptions options, DateOnly? newRsdFromGmc = null, string? gmcRecommendationId = null)
    {
        var found = FindRecommendation(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status is RecommendationStatus.Approved or RecommendationStatus.Rejected)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "The GMC's outcome is already recorded; the recommendation is history.");
        }

        if (recommendation.Status == RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.GmcOutcome, "recommendationId", "Only a submitted recommendation has a GMC outcome.");
        }

        if (recommendation.GmcSubmission is { State: Gmc.GmcSubmissionState.Queued or Gmc.GmcSubmissionState.Sending })
        {
            return Result.Fail(RuleIds.GmcOutcome, "recommendationId", "The recommendation is on its way to the GMC's web service; its outcome will come from the GMC.");
        }

        if (!Enum.IsDefined(outcome))
        {
            return Result.Fail(RuleIds.Validation, "outcome", "Outcome must be Approved, Rejected or UnderReview.");
        }

        var cycle = cycles.Single(c => c.Number == recommendation.CycleNumber);
        if (outcome == GmcOutcome.Approved && recommendation.Type is RecommendationType.Revalidate or RecommendationType.Defer
            && newRsdFromGmc is { } next && next <= cycle.Rsd)
        {
            return Result.Fail(recommendation.Type == RecommendationType.Defer ? RuleIds.Deferral : RuleIds.CycleLength, "newRsd",
                "The next submission date must be after the current one.");
        }

        recommendation.GmcRecommendationId = gmcRecommendationId ?? recommendation.GmcRecommendationId;
        switch (outcome)
        {
            case GmcOutcome.UnderReview:
                recommendation.Status = RecommendationStatus.UnderReview;
                return Result.Success;
            case GmcOutcome.Rejected:
                recommendation.Status = RecommendationStatus.Rejected;
                recommendation.OutcomeOn = today;
                return Result.Success;
        }

        recommendation.Status = RecommendationStatus.Approved;
        recommendation.OutcomeOn = today;
        switch (recommendation.Type)
        {
            case RecommendationType.Revalidate:
                cycle.Status = CycleStatus.Revalidated;
                cycle.ClosedOn = today;
                var rsd = newRsdFromGmc ?? CycleRules.EstimateNextRsd(cycle.Rsd, options);
                cycles.Add(new RevalidationCycle(cycle.Number + 1, today, rsd, rsdConfirmed: newRsdFromGmc is not null));
                break;
            case RecommendationType.Defer:
                cycle.Rsd = newRsdFromGmc ?? recommendation.Details.ProposedRsd!.Value;
                cycle.RsdConfirmed = true;
                break;
            case RecommendationType.NonEngagement:
                cycle.Status = CycleStatus.ClosedNonEngagement;
                cycle.ClosedOn = today;
                break;
        }

        return Result.Success;
    }

    private Result<Recommendation> FindRecommendation(Guid id) =>
        RecommendationById(id) is { } r
            ? r
            : Result<Recommendation>.Fail(RuleIds.Validation, "recommendationId", "No such recommendation for this doctor.");

    private static Result CheckNames(string givenName, string familyName)
    {
        var violations = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(givenName) || givenName.Trim().Length > MaxNameLength)
        {
            violations.Add(new(RuleIds.Validation, "givenName", $"A given name of 1–{MaxNameLength} characters is required."));
        }

        if (string.IsNullOrWhiteSpace(familyName) || familyName.Trim().Length > MaxNameLength)
        {
            violations.Add(new(RuleIds.Validation, "familyName", $"A family name of 1–{MaxNameLength} characters is required."));
        }

        return violations.Count == 0 ? Result.Success : Result.Fail(violations);
    }

    private static Result CheckDueMonth(int month) =>
        month is >= 1 and <= 12 ? Result.Success : Result.Fail(RuleIds.AppraisalYear, "appraisalDueMonth", "The appraisal due month is 1–12.");
}
