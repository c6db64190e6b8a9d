using System.Runtime.CompilerServices;
using CsvHelper;

namespace Revalidation.Core.Common;

/// <summary>
/// One CSV record: the line it starts on (a quoted field may span lines), its fields, and what is wrong with it
/// (null when nothing is): a quoted field not closed before the end of the file, or text after a closing quote.
/// </summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Problem)
{
    /// <summary>A blank line, or one of only delimiters and white space.</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Every CSV file the product reads goes through here: CsvHelper's RFC 4180 reader (quoted fields may hold the
/// separator, doubled quotes and line breaks; CRLF, LF and CR end a record; empty lines are passed over; a byte order
/// mark is dropped), with the line each record starts on and its malformed quoting as a <see cref="CsvRecord.Problem"/>
/// rather than an exception, so the caller can name the line. A quote inside an unquoted field (<c>O"Brien</c>) is
/// kept as text, as spreadsheets do.
/// </summary>
public static class CsvRecords
{
    public const string NotClosed = "a quoted field is not closed before the end of the file.";
    public const string TextAfterQuote = "text after a closing quote.";

    public static IEnumerable<CsvRecord> Read(TextReader reader, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new Dictionary<long, string>();
        using var csv = CsvReader.Create(reader, Options(separator, problems), leaveOpen: true);
        while (csv.Read())
        {
            yield return Record(csv, problems);
        }
    }

    public static async IAsyncEnumerable<CsvRecord> ReadAsync(TextReader reader, char separator = ',', [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new Dictionary<long, string>();
        using var csv = CsvReader.Create(reader, Options(separator, problems), leaveOpen: true);
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Record(csv, problems);
        }
    }

    private static CsvReaderOptions Options(char separator, Dictionary<long, string> problems) => CsvReaderOptions.Default with
    {
        Separator = separator,
        DetectSeparatorHint = false,
        HasHeader = false, // the callers match their header names themselves (and name the header's line)
        Mode = CsvMode.Rfc4180,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        // Called while the reader scans, which may run ahead of the record returned: kept by the line it starts on.
        OnMalformedRecord = malformed =>
        {
            var problem = malformed.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => NotClosed,
                CsvMalformedReason.TextAfterClosingQuote => TextAfterQuote,
                _ => null, // a stray quote in an unquoted field is text
            };
            if (problem is not null)
            {
                problems.TryAdd(malformed.LineNumber, problem);
            }
        },
    };

    private static CsvRecord Record(CsvReader csv, Dictionary<long, string> problems)
    {
        var fields = csv.Current.ToArray();
        var line = (int)csv.LineNumber;
        if (line == 1 && fields.Length > 0)
        {
            fields[0] = fields[0].TrimStart('\uFEFF'); // a byte order mark read as text (a string, not a stream)
        }

        return new CsvRecord(line, fields, problems.Remove(line, out var problem) ? problem : null);
    }
}
