namespace Revalidation.Web.Shared;

/// <summary>
/// The admin's form to declare (or clear) a conflict of interest between the body's responsible officer and a doctor (R20),
/// naming the additional responsible officer who then alone acts on the doctor's recommendations: the checks before the call.
/// </summary>
public sealed class ConflictForm
{
    public string? DoctorId { get; set; }

    public bool Conflict { get; set; }

    public string? UserId { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? GmcNumber { get; set; }

    /// <summary>A doctor; with a conflict, the additional RO's user id and name, an email with an @ and a 7-digit GMC number when given.</summary>
    public IReadOnlyList<ErrorItem> Validate()
    {
        var errors = new List<ErrorItem>();
        if (!Guid.TryParse(DoctorId, out _))
        {
            errors.Add(new ErrorItem("Select a doctor.", "conflictDoctorId"));
        }

        if (!Conflict)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new ErrorItem("Enter the additional responsible officer's name.", "aroName"));
        }

        if (string.IsNullOrWhiteSpace(UserId))
        {
            errors.Add(new ErrorItem("Enter the additional responsible officer's user id (as in the organisation's directory).", "aroUserId"));
        }

        if (!string.IsNullOrWhiteSpace(Email) && Email.Trim() is var email && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')))
        {
            errors.Add(new ErrorItem("Enter an email address like name@nhs.net.", "aroEmail"));
        }

        if (string.IsNullOrWhiteSpace(GmcNumber))
        {
            errors.Add(new ErrorItem("Enter the additional responsible officer's GMC reference number.", "aroGmcNumber"));
        }
        else if (!(GmcNumber.Trim() is { Length: 7 } number && number.All(char.IsAsciiDigit)))
        {
            errors.Add(new ErrorItem("The GMC reference number is exactly 7 digits.", "aroGmcNumber"));
        }

        return errors;
    }

    public ConflictRequest ToRequest() => Conflict
        ? new(true, new StaffRequest(UserId!.Trim(), Name!.Trim(), Blank(Email), Blank(GmcNumber)))
        : new(false);

    /// <summary>The API's field names for this form, mapped to its inputs.</summary>
    public static ErrorItem ForField(ErrorItem error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.FieldId switch
        {
            "additionalResponsibleOfficer.gmcNumber" => error with { FieldId = "aroGmcNumber" },
            "additionalResponsibleOfficer.userId" or "additionalResponsibleOfficer" => error with { FieldId = "aroUserId" },
            "additionalResponsibleOfficer.name" => error with { FieldId = "aroName" },
            "additionalResponsibleOfficer.email" => error with { FieldId = "aroEmail" },
            "conflict" => error with { FieldId = "conflict" },
            _ => error with { FieldId = null },
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
