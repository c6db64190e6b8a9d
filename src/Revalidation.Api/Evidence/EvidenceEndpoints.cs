using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using Revalidation.Api.Contracts;
using Revalidation.Api.Doctors;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Evidence;

namespace Revalidation.Api.Evidence;

/// <summary>Supporting information: list, upload (multipart, streamed), download, withdraw.</summary>
public static class EvidenceEndpoints
{
    public const int MaxFieldChars = EvidenceItem.MaxReflectionLength + 100;

    private static readonly string[] Readers = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager];

    public static IServiceCollection AddEvidenceApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceOptions>()
            .Bind(configuration.GetSection(EvidenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<EvidenceService>();
        services.TryAddScoped<EvidenceUploadService>(); // direct uploads: declared here, checked by the blob trigger (ADR 0012)
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/doctors/{doctorId:guid}/evidence");
        group.MapGet("/", List).RequireAuthorization(Policies.EvidenceReaders)
            .WithSummary("Supporting information, newest first (withdrawn items included, marked). Doctor (own), appraiser (allocated), RO.");
        group.MapPost("/", Upload).RequireAuthorization(Policies.Doctor).DisableAntiforgery()
            .WithSummary("Add supporting information: multipart/form-data with fields type, title, activityDate (yyyy-MM-dd), appraisalYear, cpdCredits, reflection and an optional part 'file' (PDF, DOCX, XLSX, PPTX, PNG, JPEG or TXT; 25 MB). Doctor (own).");
        group.MapPost("/direct-uploads", DeclareDirectUpload).RequireAuthorization(Policies.Doctor)
            .WithSummary("Declare an item whose file the client uploads straight to Blob Storage: JSON with the multipart upload's fields plus fileName, sizeBytes and sha256 (hex). 201 with the item and a short-lived, write-only uploadUrl for an HTTP PUT with requiredHeaders; the file is checked when it arrives. 409 where evidence is not in Blob Storage (use the multipart upload). Doctor (own).");
        group.MapGet("/{evidenceId:guid}/file", Download).RequireAuthorization(Policies.EvidenceReaders)
            .WithSummary("Download the file, as an attachment. Doctor (own), appraiser (allocated), RO.");
        group.MapPost("/{evidenceId:guid}/withdraw", Withdraw).RequireAuthorization(Policies.Doctor)
            .WithSummary("Withdraw an item (kept, marked). Not once an appraisal that used it is signed off. Doctor (own).");
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceResponse>>, ProblemHttpResult>> List(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        return problem is not null
            ? problem
            : TypedResults.Ok<IReadOnlyList<EvidenceResponse>>(doctor!.Evidence.Items.OrderByDescending(e => e.AddedAt).Select(e => e.ToResponse()).ToList());
    }

    private static async Task<Results<Created<EvidenceResponse>, ProblemHttpResult>> Upload(
        Guid doctorId, CurrentUser user, ApiServices api, EvidenceService evidence, HttpRequest request, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.Doctor], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send multipart/form-data.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = evidence.MaxFileBytes + (1024 * 1024);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        StagedEvidenceFile? staged = null;
        var attached = false;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await NextSectionAsync(reader, ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                {
                    return ApiResults.Invalid("body", "Every part needs a form-data content disposition.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (disposition.IsFileDisposition())
                {
                    if (!name.Equals(EvidenceService.FileField, StringComparison.OrdinalIgnoreCase) || staged is not null)
                    {
                        return ApiResults.Invalid(EvidenceService.FileField, "Send at most one file, in the part named 'file'.");
                    }

                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    var stage = await evidence.StageAsync(user.DesignatedBody, fileName, new SectionStream(section.Body, ct), ct);
                    switch (stage.Status)
                    {
                        case StageStatus.TooLarge:
                            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large.", stage.Violation!.Message);
                        case StageStatus.Invalid:
                            return ApiResults.Invalid([stage.Violation!]);
                        case StageStatus.UnsupportedType:
                            return ApiResults.UnsupportedType(stage.Violation!);
                    }

                    staged = stage.File;
                }
                else
                {
                    var value = await ReadFieldAsync(new SectionStream(section.Body, ct), ct);
                    if (value is null)
                    {
                        return ApiResults.Invalid(name, $"A field is at most {MaxFieldChars} characters.");
                    }

                    // A browser's empty file input is a 'file' part with an empty name and no content: no file.
                    // Content without a file name is a file we cannot accept, not one to drop silently.
                    if (name.Equals(EvidenceService.FileField, StringComparison.OrdinalIgnoreCase) && value.Length > 0)
                    {
                        return ApiResults.Invalid(EvidenceService.FileField, "The file needs a name (the part's Content-Disposition has no filename).");
                    }

                    fields[name] = value;
                }
            }

            var metadata = ParseMetadata(fields, out var errors);
            if (metadata is null)
            {
                return ApiResults.Invalid(errors);
            }

            var result = await evidence.AttachAsync(doctor!, user.AsActor(Roles.Doctor), metadata, staged, ct);
            attached = true; // AttachAsync owns the staged file from here: it keeps it or deletes it.
            return result.IsOk
                ? TypedResults.Created($"/api/doctors/{doctorId}/evidence/{result.Value!.Id}", result.Value.ToResponse())
                : ApiResults.From(result);
        }
        catch (IOException) when (ct.IsCancellationRequested)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "The upload was interrupted.", "Nothing was saved.");
        }
        catch (MalformedMultipartException)
        {
            return ApiResults.Invalid("body", "The multipart body is malformed or incomplete (a missing or unterminated boundary, or part headers over the limits). Nothing was saved.");
        }
        finally
        {
            if (!attached && staged is not null)
            {
                await evidence.DiscardAsync(user.DesignatedBody, staged);
            }
        }
    }

    private static async Task<Results<Created<DirectUploadResponse>, ProblemHttpResult>> DeclareDirectUpload(
        Guid doctorId, DirectUploadRequest body, CurrentUser user, ApiServices api, EvidenceUploadService uploads, IServiceProvider services, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.Doctor], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (services.GetService<IEvidenceUploadLinks>() is not { } links)
        {
            return ApiResults.Problem(
                StatusCodes.Status409Conflict,
                "Direct upload is not available here.",
                $"Direct upload needs evidence in Blob Storage (Evidence:Provider = Blob). Send the file through the API instead: POST /api/doctors/{doctorId}/evidence as multipart/form-data. Nothing was saved.");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Put(string name, string? value)
        {
            if (value is not null)
            {
                fields[name] = value;
            }
        }

        Put("type", body.Type);
        Put("title", body.Title);
        Put("activityDate", body.ActivityDate);
        Put("appraisalYear", body.AppraisalYear?.ToString(CultureInfo.InvariantCulture));
        Put("cpdCredits", body.CpdCredits?.ToString(CultureInfo.InvariantCulture));
        Put("reflection", body.Reflection);
        var metadata = ParseMetadata(fields, out var errors);
        if (body.SizeBytes is null)
        {
            errors.Add(new(RuleIds.Validation, "sizeBytes", "sizeBytes is required: the file's size in bytes."));
        }

        if (metadata is null || errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        // The link is made first, for the id the item will have: if it cannot be made, nothing is saved.
        var evidenceId = Guid.NewGuid();
        var link = await links.CreateAsync(EvidenceUploadService.UploadName(user.DesignatedBody, doctorId, evidenceId), ct);
        var result = await uploads.DeclareAsync(
            doctor!, user.AsActor(Roles.Doctor), metadata, body.FileName, body.SizeBytes!.Value, body.Sha256?.Trim().ToLowerInvariant(), evidenceId, ct);
        return result.IsOk
            ? TypedResults.Created(
                $"/api/doctors/{doctorId}/evidence/{result.Value!.Id}",
                new DirectUploadResponse(result.Value.ToResponse(), link.Url, link.ExpiresAt, link.RequiredHeaders))
            : ApiResults.From(result);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid doctorId, Guid evidenceId, CurrentUser user, ApiServices api, EvidenceService evidence, HttpResponse response, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        if (problem is not null)
        {
            return problem;
        }

        var opened = await evidence.OpenAsync(doctor!, evidenceId, ct);
        if (opened is not { } file)
        {
            return ApiResults.NotFound("No such evidence file.");
        }

        if (doctor!.DirectoryId is null || doctor.DirectoryId != user.UserId)
        {
            // Reads of someone else's supporting information are audited (who, which item, when), before the file is served.
            var role = user.ActingRole(Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.Appraiser, Roles.Doctor);
            var item = doctor.Evidence.ById(evidenceId);
            await api.Audit.AppendAuditAsync(doctor.DesignatedBody,
                [Core.Audit.AuditEvent.Create(doctor.DesignatedBody, doctor.Id, user.AsActor(role), "evidence.downloaded",
                    item is null ? "Evidence file downloaded" : $"Evidence file downloaded: {Core.Evidence.EvidenceWords.TypeName(item.Type)} for {new Core.Appraisals.AppraisalYear(item.AppraisalYear, api.Options.AppraisalYearStartMonth).Label}", api.Time.GetUtcNow(), new { evidenceId })],
                ct);
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(file.Content, file.File.ContentType, file.File.FileName);
    }

    private static Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Withdraw(
        Guid doctorId, Guid evidenceId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        DoctorEndpoints.Change(api, user, doctorId, [Roles.Doctor], Roles.Doctor, http, response, new DoctorChange(
            "evidence.withdrawn",
            d => d.Evidence.Withdraw(evidenceId, api.Today),
            _ => "Evidence withdrawn",
            new { evidenceId }), ct);

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (Exception e) when (SectionStream.IsMalformed(e, ct))
        {
            throw new MalformedMultipartException(e);
        }
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxFieldChars + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return read > MaxFieldChars ? null : new string(buffer, 0, read);
    }

    internal static EvidenceMetadata? ParseMetadata(IReadOnlyDictionary<string, string> fields, out List<RuleViolation> errors)
    {
        errors = [];
        string? Field(string name) => fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        SupportingInformationType type = default;
        if (Field("type") is not { } typeText)
        {
            errors.Add(new(RuleIds.Validation, "type", "type is required."));
        }
        else if (!Enum.TryParse(typeText, ignoreCase: true, out type) || !Enum.IsDefined(type) || int.TryParse(typeText, out _))
        {
            errors.Add(new(RuleIds.Validation, "type", $"type is one of: {string.Join(", ", Enum.GetNames<SupportingInformationType>())}."));
        }

        var title = Field("title");
        if (title is null)
        {
            errors.Add(new(RuleIds.Validation, "title", "title is required."));
        }

        DateOnly activityDate = default;
        if (Field("activityDate") is not { } dateText || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out activityDate))
        {
            errors.Add(new(RuleIds.Validation, "activityDate", "activityDate is required, as yyyy-MM-dd."));
        }
        else if (activityDate.Year < 2000)
        {
            errors.Add(new(RuleIds.Validation, "activityDate", "activityDate is out of range."));
        }

        int? year = null;
        if (Field("appraisalYear") is { } yearText)
        {
            if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100)
            {
                year = y;
            }
            else
            {
                errors.Add(new(RuleIds.Validation, "appraisalYear", "appraisalYear is the calendar year the appraisal year starts in, e.g. 2025."));
            }
        }

        decimal? credits = null;
        if (Field("cpdCredits") is { } creditText)
        {
            if (decimal.TryParse(creditText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var c))
            {
                credits = c;
            }
            else
            {
                errors.Add(new(RuleIds.Validation, "cpdCredits", "cpdCredits is a number of hours, e.g. 2.5."));
            }
        }

        return errors.Count > 0 ? null : new EvidenceMetadata(type, title!, activityDate, year, credits, Field("reflection"));
    }

    /// <summary>The client's multipart body cannot be read as multipart: a 400, unlike a failure of the evidence store.</summary>
    private sealed class MalformedMultipartException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>
    /// A part's body, read by the evidence store: a multipart parsing failure surfaces as
    /// <see cref="MalformedMultipartException"/>, so it is not mistaken for (or hidden among) the store's own I/O errors.
    /// </summary>
    private sealed class SectionStream(Stream inner, CancellationToken aborted) : Stream
    {
        /// <summary>
        /// What MultipartReader throws for a broken body (no or unterminated boundary: IOException; headers over
        /// its limits: InvalidDataException). Kestrel's own errors (e.g. 413) and aborted requests are not that.
        /// </summary>
        public static bool IsMalformed(Exception e, CancellationToken aborted) =>
            !aborted.IsCancellationRequested && e is InvalidDataException or (IOException and not BadHttpRequestException);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (Exception e) when (IsMalformed(e, aborted))
            {
                throw new MalformedMultipartException(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (IsMalformed(e, aborted))
            {
                throw new MalformedMultipartException(e);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
