using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.Imports;

namespace Revalidation.Api.Imports;

/// <summary>
/// Issue 16, item 6: imports from the body's appraisal toolkit (L2P, SARD, Clarity, FourteenFish): appraisal records and
/// feedback exercises, as CSV files (README, "Imports from the appraisal toolkit"). Preview says per line what applying
/// would do and changes nothing; apply re-checks every line against the records as they are then and applies only the
/// good ones, refusing a file that is not the one previewed (its SHA-256). Admin and RO, in their own designated body.
/// </summary>
public static class ToolkitImportEndpoints
{
    /// <summary>Largest import file: 2 MB (thousands of lines).</summary>
    public const int MaxFileBytes = 2 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/admin/imports").RequireAuthorization(Policies.ToolkitImporters);
        foreach (var (path, kind) in new[] { ("appraisals", ToolkitImportKind.Appraisals), ("feedback", ToolkitImportKind.Feedback) })
        {
            var what = kind == ToolkitImportKind.Appraisals ? "appraisal records" : "colleague and patient feedback exercises";
            imports.MapPost($"/{path}/preview", (HttpContext http, CurrentUser user, ToolkitImportService service, CancellationToken ct) => PreviewAsync(kind, http, user, service, ct))
                .DisableAntiforgery()
                .WithSummary($"Check a CSV file of {what} from the appraisal toolkit (multipart/form-data, field 'file', UTF-8, header row, at most 2 MB) without applying it: per line, what applying would do, or why the line is refused. Admin, RO.");
            imports.MapPost($"/{path}/apply", (HttpContext http, CurrentUser user, ToolkitImportService service, CancellationToken ct) => ApplyAsync(kind, http, user, service, ct))
                .DisableAntiforgery()
                .WithSummary($"Apply a previewed CSV file of {what} (multipart/form-data: 'file' and 'sha256', the preview's hash of it): only the good lines apply, each doctor's in one write; a re-run skips what is there. Audited. Admin, RO.");
        }
    }

    private static async Task<Results<Ok<ToolkitImportResponse>, ProblemHttpResult>> PreviewAsync(
        ToolkitImportKind kind, HttpContext http, CurrentUser user, ToolkitImportService service, CancellationToken ct)
    {
        var (file, problem) = await ReadAsync(http, requireHash: false, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = await service.PreviewAsync(user.DesignatedBody, kind, file!.Text, Actor(user), ct);
        return report.IsSuccess ? TypedResults.Ok(Response(file, report.Value!, applied: false)) : ApiResults.Invalid(report.Violations);
    }

    private static async Task<Results<Ok<ToolkitImportResponse>, ProblemHttpResult>> ApplyAsync(
        ToolkitImportKind kind, HttpContext http, CurrentUser user, ToolkitImportService service, CancellationToken ct)
    {
        var (file, problem) = await ReadAsync(http, requireHash: true, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = await service.ApplyAsync(user.DesignatedBody, kind, file!.Text, file.FileName, Actor(user), ct);
        return report.IsSuccess ? TypedResults.Ok(Response(file, report.Value!, applied: true)) : ApiResults.Invalid(report.Violations);
    }

    /// <summary>The acting role: admin when the caller has it, else RO.</summary>
    private static Actor Actor(CurrentUser user) => user.AsActor(user.IsIn(Roles.Admin) ? Roles.Admin : Roles.ResponsibleOfficer);

    private sealed record UploadedFile(string FileName, string Sha256, string Text);

    /// <summary>The uploaded file, checked (multipart, a CSV part named 'file', size, UTF-8, and on apply the hash); or the problem naming the field.</summary>
    private static async Task<(UploadedFile? File, ProblemHttpResult? Problem)> ReadAsync(HttpContext http, bool requireHash, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || http.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, ApiResults.UnsupportedType(new RuleViolation(RuleIds.Validation, "file", "Send the file as a form upload (multipart/form-data) with the CSV file in the field named file.")));
        }

        if (http.Request.ContentLength > MaxFileBytes + 64 * 1024)
        {
            return (null, TooLarge());
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024 }, ct);
        }
        catch (InvalidDataException)
        {
            return (null, TooLarge());
        }

        if (form.Files.GetFile("file") is not { } part)
        {
            return (null, ApiResults.Invalid("file", "Choose a CSV file to import."));
        }

        var media = part.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (media is not ("text/csv" or "text/plain" or "application/vnd.ms-excel" or "application/csv" or "" or null))
        {
            return (null, ApiResults.UnsupportedType(new RuleViolation(RuleIds.Validation, "file", "The file must be a CSV file (text/csv).")));
        }

        if (part.Length > MaxFileBytes)
        {
            return (null, TooLarge());
        }

        if (part.Length == 0)
        {
            return (null, ApiResults.Invalid("file", "The file is empty: it needs a header row naming the columns, then a line per record."));
        }

        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await using var stream = part.OpenReadStream();
            await stream.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (requireHash)
        {
            var sent = form["sha256"].ToString().Trim();
            if (sent.Length == 0)
            {
                return (null, ApiResults.Invalid("sha256", "Preview the file first, and send the hash the preview gave with it."));
            }

            if (!string.Equals(sent, sha256, StringComparison.OrdinalIgnoreCase))
            {
                return (null, ApiResults.Conflict("This is not the file that was previewed: it changed since. Preview it again before applying it.",
                    [new RuleViolation(RuleIds.Validation, "sha256", "The file changed since the preview.")]));
            }
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiResults.Invalid("file", "The file is not UTF-8 text. Save it from the spreadsheet as CSV UTF-8."));
        }

        var name = Path.GetFileName(part.FileName ?? string.Empty).Trim();
        name = name.Length == 0 ? "an unnamed file" : name.Length > 100 ? name[..100] : name;
        return (new UploadedFile(name, sha256, text), null);
    }

    private static ProblemHttpResult TooLarge() => ApiResults.Invalid("file", $"The file is larger than {MaxFileBytes / (1024 * 1024)} MB. Split it into smaller files.");

    private static ToolkitImportResponse Response(UploadedFile file, ToolkitImportReport report, bool applied) => new(
        file.FileName, file.Sha256, applied,
        report.Count(ToolkitImportOutcome.New), report.Count(ToolkitImportOutcome.Update), report.Count(ToolkitImportOutcome.Skipped), report.Count(ToolkitImportOutcome.Refused),
        [.. report.Lines.Select(l => new ToolkitImportLineResponse(l.Line, l.GmcNumber, (ToolkitImportLineOutcome)(int)l.Outcome, l.Message, l.Column))]);
}
