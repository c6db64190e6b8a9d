using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.DesignatedBodies;

/// <summary>
/// A designated body: the organisation doctors have their prescribed connection with. It has exactly
/// one responsible officer (R20) and is the partition of all its data.
/// </summary>
public sealed class DesignatedBody
{
    public const int MaxNameLength = 200;

    [JsonInclude, JsonPropertyName("appraisers")]
    private List<StaffMember> appraisers = [];

    [JsonConstructor]
    private DesignatedBody(DesignatedBodyCode code, string name)
    {
        Code = code;
        Name = name;
    }

    public DesignatedBodyCode Code { get; }

    [JsonInclude]
    public string Name { get; private set; }

    /// <summary>R20: the one RO of this body.</summary>
    [JsonInclude]
    public StaffMember? ResponsibleOfficer { get; private set; }

    /// <summary>Where alerts for the medical director go (weekly digest, RSD passed).</summary>
    [JsonInclude]
    public string? MedicalDirectorEmail { get; private set; }

    /// <summary>Where admin alerts go (sync failures, dead letters).</summary>
    [JsonInclude]
    public string? AdminEmail { get; private set; }

    /// <summary>
    /// Issue 16: the GMC lets the sending of a recommendation be delegated, never the decision. When true, the revalidation
    /// manager may send a recommendation the RO has approved; default false (only the RO sends). Set by the admin.
    /// </summary>
    [JsonInclude]
    public bool ManagerMaySend { get; private set; }

    [JsonIgnore]
    public IReadOnlyList<StaffMember> Appraisers => appraisers;

    /// <summary>Issue 16, item 7: the body's own wording of the non-engagement letters (none until edited; the defaults apply).</summary>
    [JsonInclude, JsonPropertyName("letterTemplates")]
    private List<NonEngagement.LetterTemplate> letterTemplates = [];

    /// <summary>The wording of letter <paramref name="step"/>: the body's own, else the default.</summary>
    public NonEngagement.LetterTemplate LetterTemplateFor(int step) =>
        letterTemplates.LastOrDefault(t => t.Step == step) ?? NonEngagement.LetterTemplates.Default(step);

    /// <summary>Whether the body has its own wording for letter <paramref name="step"/>.</summary>
    public bool HasOwnLetterTemplate(int step) => letterTemplates.Any(t => t.Step == step);

    /// <summary>Saves the body's wording of one letter; a misspelt placeholder is refused, naming the field (H60).</summary>
    public Result SetLetterTemplate(int step, string? subject, string? body)
    {
        if (step is < 1 or > NonEngagement.NonEngagementPathway.LetterCount)
        {
            return Result.Fail(RuleIds.Validation, "step", "The letter is numbered 1 to 4.");
        }

        var check = NonEngagement.LetterTemplates.Check(subject, body);
        if (!check.IsSuccess)
        {
            return check;
        }

        letterTemplates.RemoveAll(t => t.Step == step);
        letterTemplates.Add(new NonEngagement.LetterTemplate(step, subject!.Trim(), body!.Trim().ReplaceLineEndings("\n")));
        return Result.Success;
    }

    [JsonIgnore]
    public string? ETag { get; private set; }

    public void MarkPersisted(string etag) => ETag = etag;

    public static Result<DesignatedBody> Create(DesignatedBodyCode code, string name, StaffMember responsibleOfficer)
    {
        var body = new DesignatedBody(code, string.Empty);
        var check = Result.All(body.Rename(name), body.AssignResponsibleOfficer(responsibleOfficer));
        return check.IsSuccess ? body : check;
    }

    public Result Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return Result.Fail(RuleIds.Validation, "name", $"A name of 1–{MaxNameLength} characters is required.");
        }

        Name = name.Trim();
        return Result.Success;
    }

    /// <summary>Issue 16: whether the revalidation manager may send recommendations the RO approved.</summary>
    public Result SetManagerMaySend(bool allowed)
    {
        ManagerMaySend = allowed;
        return Result.Success;
    }

    /// <summary>Blank clears an address; each one given must be a single mailbox (docs/domain.md#alerts), or nothing changes.</summary>
    public Result SetContacts(string? medicalDirectorEmail, string? adminEmail)
    {
        var medicalDirector = EmailAddress.Optional(medicalDirectorEmail, "medicalDirectorEmail");
        var admin = EmailAddress.Optional(adminEmail, "adminEmail");
        var check = Result.All(medicalDirector.Outcome, admin.Outcome);
        if (!check.IsSuccess)
        {
            return check;
        }

        MedicalDirectorEmail = medicalDirector.Value;
        AdminEmail = admin.Value;
        return Result.Success;
    }

    /// <summary>R20: every designated body has exactly one RO; assigning replaces the previous one.</summary>
    public Result AssignResponsibleOfficer(StaffMember responsibleOfficer)
    {
        if (responsibleOfficer is null || string.IsNullOrWhiteSpace(responsibleOfficer.UserId) || string.IsNullOrWhiteSpace(responsibleOfficer.Name))
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "responsibleOfficer", "A responsible officer needs a user id and a name.");
        }

        if (responsibleOfficer.GmcNumber is not null && !GmcNumber.TryParse(responsibleOfficer.GmcNumber, out _))
        {
            return Result.Fail(RuleIds.GmcNumberFormat, "responsibleOfficer.gmcNumber", "The RO's GMC reference number is exactly 7 digits.");
        }

        var email = EmailAddress.Optional(responsibleOfficer.Email, "responsibleOfficer.email");
        if (!email.IsSuccess)
        {
            return email.Outcome;
        }

        responsibleOfficer = responsibleOfficer with { Email = email.Value };

        // Keep the number as validated (trimmed), so the R20 self-conflict check compares like with like.
        ResponsibleOfficer = responsibleOfficer.GmcNumber is null
            ? responsibleOfficer
            : responsibleOfficer with { GmcNumber = GmcNumber.Parse(responsibleOfficer.GmcNumber).Value };
        return Result.Success;
    }

    public Result AddAppraiser(StaffMember appraiser)
    {
        if (string.IsNullOrWhiteSpace(appraiser.UserId) || string.IsNullOrWhiteSpace(appraiser.Name))
        {
            return Result.Fail(RuleIds.Validation, "appraiser", "An appraiser needs a user id and a name.");
        }

        if (appraiser.GmcNumber is not null && !GmcNumber.TryParse(appraiser.GmcNumber, out _))
        {
            return Result.Fail(RuleIds.GmcNumberFormat, "appraiser.gmcNumber", "The appraiser's GMC reference number is exactly 7 digits.");
        }

        var email = EmailAddress.Optional(appraiser.Email, "appraiser.email");
        if (!email.IsSuccess)
        {
            return email.Outcome;
        }

        appraiser = appraiser with { Email = email.Value };

        if (appraisers.Any(a => a.UserId == appraiser.UserId))
        {
            return Result.Fail(RuleIds.Validation, "appraiser.userId", "This appraiser is already assigned.");
        }

        appraisers.Add(appraiser.GmcNumber is null ? appraiser : appraiser with { GmcNumber = GmcNumber.Parse(appraiser.GmcNumber).Value });
        return Result.Success;
    }

    public Result RemoveAppraiser(string userId) =>
        appraisers.RemoveAll(a => a.UserId == userId) > 0
            ? Result.Success
            : Result.Fail(RuleIds.Validation, "appraiser.userId", "No such appraiser.");

    /// <summary>
    /// R20: the RO who acts for this doctor: the body's RO, or the additional RO when the body's RO has a
    /// conflict of interest (declared, or the RO is the doctor).
    /// </summary>
    public Result<StaffMember> ResponsibleOfficerFor(DoctorRecord doctor)
    {
        if (ResponsibleOfficer is null)
        {
            return Result<StaffMember>.Fail(RuleIds.ResponsibleOfficer, "responsibleOfficer", "The designated body has no responsible officer.");
        }

        var conflict = doctor.Concerns.ResponsibleOfficerConflict || ResponsibleOfficer.GmcNumber == doctor.GmcNumber.Value;
        if (!conflict)
        {
            return ResponsibleOfficer;
        }

        return doctor.Concerns.AdditionalResponsibleOfficer is { } additional && additional.UserId != ResponsibleOfficer.UserId
            ? additional
            : Result<StaffMember>.Fail(RuleIds.ResponsibleOfficer, "additionalResponsibleOfficer",
                "The responsible officer has a conflict of interest with this doctor; an additional responsible officer must be assigned.");
    }

    /// <summary>
    /// R20: whether <paramref name="userId"/> may act on this doctor's recommendations. Where the body's RO has a conflict
    /// of interest with the doctor (declared, or the RO is the doctor), only the additional RO may.
    /// </summary>
    public Result MayActOnRecommendations(DoctorRecord doctor, string userId)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        if (!doctor.Concerns.ResponsibleOfficerConflict && ResponsibleOfficer?.GmcNumber != doctor.GmcNumber.Value)
        {
            return Result.Success;
        }

        var acting = ResponsibleOfficerFor(doctor);
        if (!acting.IsSuccess)
        {
            return acting.Outcome;
        }

        return acting.Value!.UserId == userId
            ? Result.Success
            : Result.Fail(RuleIds.ResponsibleOfficer, "responsibleOfficer",
                "The responsible officer has a conflict of interest with this doctor; only the additional responsible officer may act on recommendations.");
    }
}
