using Revalidation.Core.Common;
using Revalidation.Core.Gmc;

namespace Revalidation.Core.Tests.Csv;

/// <summary>The one CSV reader (CsvHelper underneath) and the GMC Connect list read through it.</summary>
public class CsvRecordsTests
{
    private static List<CsvRecord> Read(string text, char separator = ',')
    {
        using var reader = new StringReader(text);
        return [.. CsvRecords.Read(reader, separator)];
    }

    [Fact]
    public void Read_WhenAQuotedFieldHoldsALineBreakACommaAndAQuote_KeepsThemAndCountsLinesFromWhereEachRecordStarts()
    {
        var records = Read("a,b,c\r\n1,\"Medicine, Acute\nand \"\"Respiratory\"\"\",3\r\n\r\n4,5,6\r\n");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["1", "Medicine, Acute\nand \"Respiratory\"", "3"], records[1].Fields);
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Theory]
    [InlineData("a,b\n1,\"unclosed\n")]
    [InlineData("a,b\n1,\"unclosed")]
    [InlineData("a,b\n1,\"half \"\" quoted")]
    public void Read_WhenTheFileEndsInsideAQuotedField_NamesTheLineTheRecordStartsOn(string text)
    {
        var last = Read(text)[^1];

        Assert.Equal((2, CsvRecords.NotClosed), (last.Line, last.Problem));
    }

    [Fact]
    public void Read_WhenTextFollowsAClosingQuote_NamesTheLine_AndKeepsAStrayQuoteInAnUnquotedFieldAsText()
    {
        var records = Read("a,b\n\"Ada\"x,1\nO\"Brien,2\n");

        Assert.Equal((2, CsvRecords.TextAfterQuote), (records[1].Line, records[1].Problem));
        Assert.Null(records[2].Problem);
        Assert.Equal("O\"Brien", records[2].Fields[0]);
    }

    [Fact]
    public void Read_WhenTheTextStartsWithAByteOrderMark_DropsIt()
    {
        var records = Read("\uFEFFgmc,name\r\n7000001,Ada\r\n");

        Assert.Equal(["gmc", "name"], records[0].Fields);
    }

    [Fact]
    public void Read_WithAnotherSeparator_SplitsOnIt()
    {
        var records = Read("a\tb\n1,5\t2\n", '\t');

        Assert.Equal(["1,5", "2"], records[1].Fields);
    }

    // ---- the GMC Connect list ----

    private const string GmcHeader = "GMC Reference Number,Doctor First Name,Doctor Last Name,Submission Date";

    [Fact]
    public void GmcList_WhenANameHoldsACommaAndALineBreak_ReadsIt_AndNamesLaterLinesWhereTheyAre()
    {
        var parsed = GmcDoctorListCsv.Parse($"{GmcHeader}\r\n1234567,\"Ann, Mary\nJane\",One,01/02/2028\r\n12345,Bad,Number,01/02/2028\r\n");

        Assert.Equal(["line 4"], parsed.Violations.Select(v => v.Field));

        var good = GmcDoctorListCsv.Parse($"{GmcHeader}\r\n1234567,\"Ann, Mary\nJane\",One,01/02/2028\r\n");
        Assert.Equal("Ann, Mary\nJane", Assert.Single(good.Value!).FirstName);
    }

    [Fact]
    public void GmcList_WhenTheFileIsCutOffInsideAQuotedField_NamesTheLine()
    {
        var parsed = GmcDoctorListCsv.Parse($"{GmcHeader}\n1234567,Ann,One,01/02/2028\n7654321,\"Bob");

        var violation = Assert.Single(parsed.Violations);
        Assert.Equal("line 3", violation.Field);
        Assert.Contains("not closed", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GmcList_WhenItStartsWithAByteOrderMark_FindsTheGmcNumberColumn()
    {
        var parsed = GmcDoctorListCsv.Parse($"\uFEFF{GmcHeader}\r\n1234567,Ann,One,01/02/2028\r\n");

        Assert.Equal("1234567", Assert.Single(parsed.Value!).GmcNumber);
    }

    [Fact]
    public void GmcList_WhenAColumnIsAbsent_ItsValueIsNull_AndAPresentCellKeepsItsText()
    {
        var parsed = GmcDoctorListCsv.Parse("GMC Number,Under Notice,Sanction\n1234567,No, Conditions \n");

        var doctor = Assert.Single(parsed.Value!);
        Assert.Equal(("No", "Conditions"), (doctor.UnderNotice, doctor.Sanction));
        Assert.Null(doctor.Investigation); // the list has no Investigation column: the GMC's fact stays as it was
        Assert.Null(doctor.SubmissionDate);
    }

    [Fact]
    public void GmcList_WhenARowIsShorterThanTheHeader_ItsMissingCellsAreNull()
    {
        var parsed = GmcDoctorListCsv.Parse($"{GmcHeader}\n1234567,Ann\n");

        var doctor = Assert.Single(parsed.Value!);
        Assert.Equal(("Ann", null, null), (doctor.FirstName, doctor.LastName, doctor.SubmissionDate));
    }
}
