using System.Text.Json.Serialization;

namespace Revalidation.Api.Contracts;

/// <summary>What one line of an appraisal-toolkit import does (preview) or did (apply).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToolkitImportLineOutcome>))]
public enum ToolkitImportLineOutcome
{
    New,
    Update,
    Skipped,
    Refused,
}

/// <summary>One line: its number in the file, the GMC number it names, what it does in plain words, and (refused) the CSV column at fault.</summary>
public sealed record ToolkitImportLineResponse(int Line, string? GmcNumber, ToolkitImportLineOutcome Outcome, string Message, string? Column);

/// <summary>
/// Issue 16, item 6: the preview (nothing changed) or the outcome of applying an import file: the SHA-256 of the file as
/// received (send it back as <c>sha256</c> to apply), the counts, and every line.
/// </summary>
public sealed record ToolkitImportResponse(
    string FileName,
    string Sha256,
    bool Applied,
    int New,
    int Updated,
    int Skipped,
    int Refused,
    IReadOnlyList<ToolkitImportLineResponse> Lines);
