using System.Text.Json.Serialization;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Concerns;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;
using Revalidation.Core.Gmc;
using Revalidation.Core.NonEngagement;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Doctors;

/// <summary>
/// The doctor aggregate's root: identity, connection and flags, and the feature-owned parts that hold the rest
/// (docs/decisions/0015): <see cref="Cycles"/>, <see cref="Concerns"/>, <see cref="Appraisals"/>, <see cref="Evidence"/>,
/// <see cref="Recommendations"/> and the <see cref="Gmc"/> link. It is saved whole, with optimistic concurrency
/// (<see cref="ETag"/>), in the partition of its designated body. Every change goes through a method that checks the
/// rule it names and returns a <see cref="Result"/>; nothing is ever removed.
/// </summary>
public sealed class DoctorRecord : IJsonOnDeserialized
{
    public const int MaxNameLength = 100;

    [JsonConstructor]
    private DoctorRecord(Guid id, DesignatedBodyCode designatedBody, GmcNumber gmcNumber)
    {
        Id = id;
        DesignatedBody = designatedBody;
        GmcNumber = gmcNumber;
    }

    public Guid Id { get; }

    public DesignatedBodyCode DesignatedBody { get; }

    /// <summary>R12 (docs/domain.md#r12): seven digits; the store keeps it unique.</summary>
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

    /// <summary>R1, R13: when the doctor's connection to this body began, if known (a directory joiner); earlier years are not this body's to expect.</summary>
    [JsonInclude]
    public DateOnly? ConnectedOn { get; private set; }

    /// <summary>R1: the revalidation cycles, the current one last.</summary>
    [JsonInclude]
    public CycleHistory Cycles { get; private set; } = new();

    /// <summary>R14–R16: the appraisal years, declarations, due month and appraiser.</summary>
    [JsonInclude]
    public AppraisalHistory Appraisals { get; private set; } = new();

    /// <summary>The supporting information (metadata; files live in the evidence store).</summary>
    [JsonInclude]
    public EvidencePortfolio Evidence { get; private set; } = new();

    /// <summary>R4–R11: the recommendations, with their GMC web-service submissions.</summary>
    [JsonInclude]
    public RecommendationHistory Recommendations { get; private set; } = new();

    /// <summary>Issue 16: the RO team's decision notes (append-only; need-to-know: RO team only).</summary>
    [JsonInclude]
    public DecisionNotes Notes { get; private set; } = new();

    /// <summary>Issue 16, item 7: the staged non-engagement letters (what R9's "local processes exhausted" points at).</summary>
    [JsonInclude]
    public NonEngagementPathway NonEngagement { get; private set; } = new();

    /// <summary>R10, R19, R20: an investigation, a local process, a conflict of interest.</summary>
    [JsonInclude]
    public ConcernRegister Concerns { get; private set; } = new();

    /// <summary>What the GMC's list of connected doctors says of this doctor.</summary>
    [JsonInclude]
    public GmcLink Gmc { get; private set; } = new();

    /// <summary>Opaque concurrency token set by the store; null until first saved.</summary>
    [JsonIgnore]
    public string? ETag { get; private set; }

    [JsonIgnore]
    public string DisplayName => $"Dr {GivenName} {FamilyName}";

    /// <summary>The open cycle, if any (closed by non-engagement leaves none).</summary>
    [JsonIgnore]
    public RevalidationCycle? CurrentCycle => Cycles.Current;

    public void MarkPersisted(string etag) => ETag = etag;

    void IJsonOnDeserialized.OnDeserialized() => Attach();

    public static Result<DoctorRecord> Create(
        DesignatedBodyCode designatedBody, GmcNumber gmcNumber, string givenName, string familyName, DateOnly rsd, bool rsdConfirmed, int appraisalDueMonth,
        RevalidationOptions options, string? email = null, string? department = null, string? specialty = null, string? directoryId = null, Guid? id = null,
        DateOnly? connectedOn = null)
    {
        var check = Result.All(CheckNames(givenName, familyName), AppraisalHistory.CheckDueMonth(appraisalDueMonth));
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
            ConnectedOn = connectedOn,
        };
        doctor.Attach();
        doctor.Appraisals.SetDueMonth(appraisalDueMonth);
        doctor.Cycles.Start(CycleRules.EstimateCycleStart(rsd, options), rsd, rsdConfirmed);
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
    public Result MarkLeaver(DateOnly today) =>
        Status == DoctorStatus.Leaver ? Result.Fail(RuleIds.Connection, "status", "The doctor is already a leaver.") : SetStatus(DoctorStatus.Leaver, today);

    /// <summary>R13: a leaver who comes back to the directory is active again.</summary>
    public Result Reactivate() =>
        Status == DoctorStatus.Active ? Result.Fail(RuleIds.Connection, "status", "The doctor is already active.") : SetStatus(DoctorStatus.Active, null);

    private Result SetStatus(DoctorStatus status, DateOnly? leftOn)
    {
        Status = status;
        LeftOn = leftOn;
        return Result.Success;
    }

    private void Attach()
    {
        Cycles.AttachTo(this);
        Appraisals.AttachTo(this);
        Evidence.AttachTo(this);
        Recommendations.AttachTo(this);
        Gmc.AttachTo(this);
        Concerns.AttachTo(this);
        Notes.AttachTo(this);
        NonEngagement.AttachTo(this);
    }

    private static Result CheckNames(string givenName, string familyName) =>
        Result.All(CheckName(givenName, "givenName", "given"), CheckName(familyName, "familyName", "family"));

    private static Result CheckName(string name, string field, string kind) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            ? Result.Fail(RuleIds.Validation, field, $"A {kind} name of 1–{MaxNameLength} characters is required.")
            : Result.Success;
}
