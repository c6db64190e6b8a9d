namespace Revalidation.Web.Shared;

/// <summary>The admin's form to assign the designated body's responsible officer (R20): the checks before the call.</summary>
public sealed class StaffForm
{
    public string? UserId { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? GmcNumber { get; set; }

    /// <summary>User id and name required; a GMC number, when given, is exactly 7 digits; an email, when given, has an @ with text either side.</summary>
    public IReadOnlyList<ErrorItem> Validate()
    {
        var errors = new List<ErrorItem>();
        if (string.IsNullOrWhiteSpace(UserId))
        {
            errors.Add(new ErrorItem("Enter the responsible officer's user id (as in the organisation's directory).", "roUserId"));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new ErrorItem("Enter the responsible officer's name.", "roName"));
        }

        if (!string.IsNullOrWhiteSpace(Email) && Email.Trim() is var email && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')))
        {
            errors.Add(new ErrorItem("Enter an email address like name@nhs.net.", "roEmail"));
        }

        if (!string.IsNullOrWhiteSpace(GmcNumber) && !(GmcNumber.Trim() is { Length: 7 } number && number.All(char.IsAsciiDigit)))
        {
            errors.Add(new ErrorItem("The GMC reference number is exactly 7 digits.", "roGmcNumber"));
        }

        return errors;
    }

    public StaffRequest ToRequest() => new(UserId!.Trim(), Name!.Trim(), Blank(Email), Blank(GmcNumber));

    /// <summary>The API's field names for this form, mapped to its inputs.</summary>
    public static ErrorItem ForField(ErrorItem error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.FieldId switch
        {
            "responsibleOfficer.gmcNumber" or "gmcNumber" => error with { FieldId = "roGmcNumber" },
            "responsibleOfficer" or "userId" => error with { FieldId = "roUserId" },
            "name" => error with { FieldId = "roName" },
            "responsibleOfficer.email" or "email" => error with { FieldId = "roEmail" },
            _ => error with { FieldId = null },
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
