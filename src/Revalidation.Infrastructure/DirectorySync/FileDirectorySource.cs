using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Infrastructure.DirectorySync;

/// <summary>
/// A CSV or JSON export (for example from ESR) as a directory source: the embedded default, run by the same engine as
/// Microsoft Graph. Every row is one person; in a file of changes a row that cannot be read becomes a data-quality
/// issue naming its line, and the good rows still apply. A complete export is applied whole or not at all
/// (docs/decisions/0009-directory-sync.md): a read error on any row, or a last row cut off without its line break (a
/// truncated export), fails the round before anything is applied, naming the line. The cursor is the file's SHA-256: an incremental run of an unchanged file does nothing.
/// A complete export (<see cref="FileDirectorySourceOptions.FullSet"/>) makes leavers of the source's doctors it no longer lists.
/// </summary>
public sealed class FileDirectorySource : IDirectorySource
{
    public const int BatchSize = 500;

    /// <summary>Column (CSV header or JSON property) names, compared without case, spaces, underscores or hyphens.</summary>
    private static readonly Dictionary<string, Field> Columns = new(StringComparer.Ordinal)
    {
        ["id"] = Field.Id, ["directoryid"] = Field.Id, ["employeenumber"] = Field.Id, ["assignmentnumber"] = Field.Id, ["staffnumber"] = Field.Id, ["personid"] = Field.Id,
        ["gmcnumber"] = Field.Gmc, ["gmc"] = Field.Gmc, ["gmcno"] = Field.Gmc, ["gmcreferencenumber"] = Field.Gmc, ["gmcreference"] = Field.Gmc,
        ["givenname"] = Field.Given, ["firstname"] = Field.Given, ["forename"] = Field.Given, ["forenames"] = Field.Given,
        ["familyname"] = Field.Family, ["surname"] = Field.Family, ["lastname"] = Field.Family,
        ["email"] = Field.Email, ["emailaddress"] = Field.Email, ["workemail"] = Field.Email, ["mail"] = Field.Email,
        ["department"] = Field.Department, ["dept"] = Field.Department,
        ["specialty"] = Field.Specialty, ["speciality"] = Field.Specialty, ["jobtitle"] = Field.Specialty, ["position"] = Field.Specialty,
        ["designatedbody"] = Field.Body, ["designatedbodycode"] = Field.Body, ["dbcode"] = Field.Body,
        ["active"] = Field.Active, ["isactive"] = Field.Active, ["status"] = Field.Active,
        ["rsd"] = Field.Rsd, ["revalidationdate"] = Field.Rsd, ["revalidationsubmissiondate"] = Field.Rsd,
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    private readonly FileDirectorySourceOptions options;
    private readonly string path;

    /// <param name="contentRoot">What a relative <see cref="FileDirectorySourceOptions.Path"/> is taken from.</param>
    public FileDirectorySource(DirectorySourceInfo info, FileDirectorySourceOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);
        Info = info;
        this.options = options;
        path = Path.GetFullPath(Path.IsPathRooted(options.Path) ? options.Path : Path.Combine(contentRoot, options.Path));
    }

    private enum Field
    {
        Id,
        Gmc,
        Given,
        Family,
        Email,
        Department,
        Specialty,
        Body,
        Active,
        Rsd,
    }

    public DirectorySourceInfo Info { get; }

    public string FilePath => path;

    public async IAsyncEnumerable<DirectoryBatch> ReadRoundAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The directory file of source '{Info.Id}' does not exist.", Path.GetFileName(path));
        }

        var hash = await HashAsync(cancellationToken);
        if (cursor == hash)
        {
            yield return new DirectoryBatch([], new DirectoryRoundEnd(hash, FullSet: false)); // unchanged since the last round
            yield break;
        }

        var json = options.Format == DirectoryFileFormat.Json
            || (options.Format == DirectoryFileFormat.Auto && string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase));
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var batch = new List<DirectoryChange>(BatchSize);
        var rows = json ? ReadJsonAsync(cancellationToken) : ReadCsvAsync(whole: options.FullSet, cancellationToken);
        await foreach (var (line, values, problem) in rows)
        {
            batch.Add(problem is null ? ToChange(line, values!, keys) : new DirectoryRejection(null, DataQualityIssueKind.Unreadable, $"Line {line}: {problem}", $"line {line}"));
            if (batch.Count == BatchSize)
            {
                yield return new DirectoryBatch(batch);
                batch = new List<DirectoryChange>(BatchSize);
            }
        }

        yield return new DirectoryBatch(batch, new DirectoryRoundEnd(hash, options.FullSet));
    }

    private DirectoryChange ToChange(int line, IReadOnlyDictionary<Field, string> values, Dictionary<string, int> keys)
    {
        var origin = $"line {line}";
        string? Get(Field f) => values.TryGetValue(f, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var id = Get(Field.Id);
        var gmc = Get(Field.Gmc);
        var key = id ?? (gmc is null ? null : $"gmc:{gmc}");
        if (key is null)
        {
            return new DirectoryRejection(null, DataQualityIssueKind.InvalidGmcNumber, $"Line {line}: no GMC number (and no id): the row was skipped (R12).", origin);
        }

        if (keys.TryGetValue(key, out var earlier))
        {
            return id is null
                ? new DirectoryRejection($"{key}#{line}", DataQualityIssueKind.DuplicateGmcNumber, $"Line {line} repeats GMC number {gmc} of line {earlier} (R12): the row was skipped.", origin)
                : new DirectoryRejection($"{key}#{line}", DataQualityIssueKind.Unreadable, $"Line {line} repeats the id of line {earlier}: the row was skipped.", origin);
        }

        keys[key] = line;
        var active = true;
        if (Get(Field.Active) is { } activeText && !TryParseActive(activeText, out active))
        {
            return new DirectoryRejection(key, DataQualityIssueKind.InvalidDetails, $"Line {line}: active is \"{Short(activeText)}\"; expected yes/no, true/false, 1/0, active/inactive.", origin);
        }

        DateOnly? rsd = null;
        if (Get(Field.Rsd) is { } rsdText)
        {
            if (!DateOnly.TryParseExact(rsdText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new DirectoryRejection(key, DataQualityIssueKind.InvalidDetails, $"Line {line}: rsd is \"{Short(rsdText)}\"; expected a date as yyyy-MM-dd.", origin);
            }

            rsd = date;
        }

        return new DirectoryUpsert(new DirectoryEntry(
            key, id, gmc, Get(Field.Given), Get(Field.Family), Get(Field.Email), Get(Field.Department), Get(Field.Specialty),
            Get(Field.Body) ?? Info.DesignatedBody.Value, active, rsd, origin));
    }

    private static bool TryParseActive(string text, out bool active)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1" or "active" or "current":
                active = true;
                return true;
            case "false" or "no" or "n" or "0" or "inactive" or "leaver" or "left" or "terminated":
                active = false;
                return true;
            default:
                active = false;
                return false;
        }
    }

    private async Task<string> HashAsync(CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <param name="whole">
    /// A complete export: every record is read and checked before the first is returned, and a read error, or a last
    /// record cut off (no final line break and the wrong number of fields), throws: a full set missing its tail would
    /// make leavers of everyone after the cut (docs/decisions/0009-directory-sync.md).
    /// </param>
    private async IAsyncEnumerable<(int Line, IReadOnlyDictionary<Field, string>? Values, string? Problem)> ReadCsvAsync(bool whole, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var records = CsvRecords.ReadAsync(reader, options.Delimiter, cancellationToken);
        if (whole)
        {
            var all = new List<CsvRecord>();
            await foreach (var record in records)
            {
                all.Add(record);
            }

            CheckWhole(all, await EndsWithLineBreakAsync(cancellationToken));
            records = all.ToAsyncEnumerable();
        }

        Field[]? fields = null;
        await foreach (var record in records)
        {
            if (fields is null)
            {
                fields = [.. record.Fields.Select(h => Columns.GetValueOrDefault(Normalise(h), (Field)(-1)))];
                RequireColumns(fields);
                continue;
            }

            if (record.Fields.Count == 1 && string.IsNullOrWhiteSpace(record.Fields[0]))
            {
                continue; // a line of white space
            }

            if (record.Problem is { } problem)
            {
                yield return (record.Line, null, problem);
                continue;
            }

            if (record.Fields.Count != fields.Length)
            {
                yield return (record.Line, null, $"{record.Fields.Count} fields where the header has {fields.Length}: the row was skipped.");
                continue;
            }

            var values = new Dictionary<Field, string>();
            for (var i = 0; i < fields.Length; i++)
            {
                if ((int)fields[i] >= 0)
                {
                    values[fields[i]] = record.Fields[i];
                }
            }

            yield return (record.Line, values, null);
        }

        if (fields is null)
        {
            throw new InvalidDataException($"The directory file of source '{Info.Id}' is empty.");
        }
    }

    /// <summary>A complete export with a read error or a truncated last record is refused whole, naming the line.</summary>
    private void CheckWhole(List<CsvRecord> records, bool endsWithLineBreak)
    {
        const string Nothing = "A complete export is applied whole or not at all: nothing was applied and the cursor was not advanced. Correct the file or export it again.";
        if (records.FirstOrDefault(r => r.Problem is not null) is { } unreadable)
        {
            throw new InvalidDataException($"The directory file of source '{Info.Id}' cannot be read at line {unreadable.Line}: {unreadable.Problem} {Nothing}");
        }

        var rows = records.Where(r => !r.IsBlank).ToList();
        if (!endsWithLineBreak && rows.Count > 1 && rows[^1].Fields.Count != rows[0].Fields.Count)
        {
            var last = rows[^1];
            throw new InvalidDataException(
                $"The directory file of source '{Info.Id}' ends in the middle of line {last.Line} ({last.Fields.Count} fields where the header has {rows[0].Fields.Count}, and no final line break): the export looks truncated. {Nothing}");
        }
    }

    private async Task<bool> EndsWithLineBreakAsync(CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var tail = new byte[Math.Min(2, stream.Length)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail, cancellationToken);
        static bool IsBreak(byte b) => b is (byte)'\n' or (byte)'\r';
        // UTF-8 and UTF-16 big-endian end with the break's byte; UTF-16 little-endian with the break then a zero byte.
        return tail.Length > 0 && (IsBreak(tail[^1]) || (tail.Length == 2 && tail[^1] == 0 && IsBreak(tail[0])));
    }

    private async IAsyncEnumerable<(int Line, IReadOnlyDictionary<Field, string>? Values, string? Problem)> ReadJsonAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A JSON export is read whole (exports are a few MB); line numbers come from the byte offset of each object.
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var items = new List<(int Line, IReadOnlyDictionary<Field, string>? Values, string? Problem)>();
        var checkedColumns = false;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException($"The directory file of source '{Info.Id}' must hold a JSON array of people.");
            }

            int line = 1, counted = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
                using var element = JsonDocument.ParseValue(ref reader);
                if (element.RootElement.ValueKind != JsonValueKind.Object)
                {
                    items.Add((line, null, "not a JSON object: the item was skipped."));
                    continue;
                }

                var values = new Dictionary<Field, string>();
                foreach (var property in element.RootElement.EnumerateObject())
                {
                    if (Columns.TryGetValue(Normalise(property.Name), out var field))
                    {
                        values[field] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                            JsonValueKind.Null => string.Empty,
                            _ => property.Value.GetRawText(),
                        };
                    }
                }

                if (!checkedColumns)
                {
                    RequireColumns([.. values.Keys]);
                    checkedColumns = true;
                }

                items.Add((line, values, null));
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The directory file of source '{Info.Id}' is not valid JSON (line {e.LineNumber + 1}).", e);
        }

        foreach (var item in items)
        {
            yield return item;
        }
    }

    private void RequireColumns(IReadOnlyCollection<Field> present)
    {
        var missing = new[] { Field.Gmc, Field.Given, Field.Family }.Where(f => !present.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The directory file of source '{Info.Id}' has no {string.Join(", ", missing.Select(f => f switch { Field.Gmc => "gmc_number", Field.Given => "given_name", _ => "family_name" }))} column.");
        }
    }

    private static string Normalise(string name) =>
        string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static string Short(string text) => text.Length > 30 ? text[..30] + "…" : text;
}
