
namespace Revalidation.Web.Shared;

/// <summary>
/// The RO's one-click <c>TryAddDoctor</c>/<c>TryRemoveDoctor</c> for a GMC connection discrepancy (docs/decisions/0013 §8):
/// which action a kind allows, the change reasons the GMC accepts for it, and the check before the confirmation step.
/// </summary>
public sealed class GmcConnectionForm
{
    public GmcConnectionForm(DataQualityIssueResponse issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        Issue = issue;
        Action = ActionFor(issue.Kind) ?? throw new ArgumentException($"{issue.Kind} is not a GMC connection discrepancy.", nameof(issue));
    }

    public DataQualityIssueResponse Issue { get; }

    public GmcConnectionAction Action { get; }

    public string? ChangeReason { get; set; }

    public IReadOnlyDictionary<string, string> Reasons => ReasonsFor(Action);

    /// <summary>The API path of the action.</summary>
    public string Path => $"api/gmc/discrepancies/{Issue.Id}/{(Action == GmcConnectionAction.Add ? "add" : "remove")}";

    public string ActionName => ActionNameOf(Action);

    /// <summary>Add for a doctor the GMC does not list as connected; remove for a connection the directory does not know or a leaver's; none otherwise.</summary>
    public static GmcConnectionAction? ActionFor(DataQualityIssueKind kind) => kind switch
    {
        DataQualityIssueKind.GmcNotConnected => GmcConnectionAction.Add,
        DataQualityIssueKind.GmcConnectedNotInDirectory or DataQualityIssueKind.GmcLeaverStillConnected => GmcConnectionAction.Remove,
        _ => null,
    };

    public static IReadOnlyDictionary<string, string> ReasonsFor(GmcConnectionAction action) =>
        action == GmcConnectionAction.Add ? GmcChangeReasons.Add : GmcChangeReasons.Remove;

    public static string ActionNameOf(GmcConnectionAction action) =>
        action == GmcConnectionAction.Add ? "Connect the doctor to your designated body" : "Remove the doctor's connection to your designated body";

    /// <summary>A reason is required and must be one the GMC accepts for this action.</summary>
    public IReadOnlyList<ErrorItem> Validate()
    {
        var reason = ChangeReason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return [new ErrorItem("Select the reason for the change.", "changeReason")];
        }

        return Reasons.ContainsKey(reason)
            ? []
            : [new ErrorItem($"Select one of the reasons listed: the GMC does not accept '{reason}' to {(Action == GmcConnectionAction.Add ? "add" : "remove")} a connection.", "changeReason")];
    }

    public GmcConnectionChangeRequest ToRequest() => new(ChangeReason!.Trim());
}

/// <summary>Words and tag colours for data-quality issue kinds (the three GMC ones stand out).</summary>
public static class IssueKinds
{
    public static (string Text, string Colour) Of(DataQualityIssueKind kind) => kind switch
    {
        DataQualityIssueKind.GmcConnectedNotInDirectory => ("GMC: connected, not in the directory", "nhsuk-tag--orange"),
        DataQualityIssueKind.GmcNotConnected => ("GMC: not connected", "nhsuk-tag--red"),
        DataQualityIssueKind.GmcLeaverStillConnected => ("GMC: leaver still connected", "nhsuk-tag--purple"),
        DataQualityIssueKind.InvalidGmcNumber => ("Invalid GMC number", "nhsuk-tag--grey"),
        DataQualityIssueKind.DuplicateGmcNumber => ("Duplicate GMC number", "nhsuk-tag--grey"),
        DataQualityIssueKind.GmcNumberChanged => ("GMC number changed", "nhsuk-tag--grey"),
        DataQualityIssueKind.UnknownDesignatedBody => ("Unknown designated body", "nhsuk-tag--grey"),
        DataQualityIssueKind.DesignatedBodyChanged => ("Designated body changed", "nhsuk-tag--grey"),
        DataQualityIssueKind.InvalidDetails => ("Invalid details", "nhsuk-tag--grey"),
        DataQualityIssueKind.Unreadable => ("Unreadable entry", "nhsuk-tag--grey"),
        DataQualityIssueKind.RsdToConfirm => ("Submission date to confirm", "nhsuk-tag--grey"),
        DataQualityIssueKind.Leaver => ("Leaver", "nhsuk-tag--grey"),
        DataQualityIssueKind.InvalidEmail => ("Invalid email address", "nhsuk-tag--grey"),
        _ => (kind.ToString(), "nhsuk-tag--grey"),
    };

    /// <summary>What the GMC kinds mean, in one sentence each (the rest explain themselves).</summary>
    public static string? Explain(DataQualityIssueKind kind) => kind switch
    {
        DataQualityIssueKind.GmcConnectedNotInDirectory => "GMC Connect lists this doctor as connected to your body, but the directory has no such doctor.",
        DataQualityIssueKind.GmcNotConnected => "The directory has this doctor, but the GMC does not list them as connected to your body.",
        DataQualityIssueKind.GmcLeaverStillConnected => "This doctor has left, but is still connected to your body at the GMC.",
        _ => null,
    };

    /// <summary>
    /// The API names a bad row of an uploaded list by its line ("line 3"); those errors, and the whole-file ones, are about
    /// the file input, so they link to it and say the line in the message.
    /// </summary>
    public static IReadOnlyList<ErrorItem> ForUpload(IReadOnlyList<ErrorItem> errors, string fileInputId)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Select(e => e.FieldId is { } f && f.StartsWith("line ", StringComparison.OrdinalIgnoreCase)
                ? new ErrorItem($"Line {f[5..].Trim()}: {e.Message}", fileInputId)
                : e.FieldId is null or "file" or "body" ? e with { FieldId = fileInputId } : e)
            .ToList();
    }
}
