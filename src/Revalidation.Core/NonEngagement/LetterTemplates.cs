using System.Globalization;
using System.Text;
using Revalidation.Core.Common;

namespace Revalidation.Core.NonEngagement;

/// <summary>One letter's wording: a subject and a body in plain text, with placeholders in single braces ("{doctor name}").</summary>
public sealed record LetterTemplate(int Step, string Subject, string Body);

/// <summary>The values a letter is rendered with.</summary>
public sealed record LetterValues(string DoctorName, DateOnly ReplyBy, string? AppraisalYear, string ResponsibleOfficerName, string BodyName);

/// <summary>
/// Issue 16, item 7: the four non-engagement letters' default wording, the placeholders they may use, the check that
/// refuses a misspelt placeholder when a template is saved (so one never reaches a doctor), and the rendering.
/// </summary>
public static class LetterTemplates
{
    public const int MaxSubjectLength = 200;

    public const int MaxBodyLength = 10_000;

    public const string DoctorName = "doctor name";
    public const string ReplyByDate = "reply by date";
    public const string AppraisalYear = "appraisal year";
    public const string RoName = "RO name";
    public const string BodyName = "body name";

    public static readonly IReadOnlyList<string> Placeholders = [DoctorName, ReplyByDate, AppraisalYear, RoName, BodyName];

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static IReadOnlyList<LetterTemplate> Defaults { get; } =
    [
        new(1, "Your appraisal and revalidation: please reply by {reply by date}",
            "Our records show that you have not yet taken part in your annual appraisal for {appraisal year}, which is part of your revalidation with the GMC.\n\n"
            + "Please reply to this email by {reply by date}, telling us whether your appraisal has taken place (with its date and your appraiser's name) or what is stopping it. If something makes it difficult, we want to help.\n\n"
            + "Appraisal lead, {body name}"),
        new(2, "Second letter: your appraisal and revalidation, please reply by {reply by date}",
            "We wrote to you recently about your appraisal for {appraisal year} and have not heard from you.\n\n"
            + "Your clinical director and the appraisal lead would like to meet you to talk about what support you need to take part. Please reply by {reply by date} to arrange a meeting.\n\n"
            + "Clinical director and appraisal lead, {body name}"),
        new(3, "Third letter: not taking part in appraisal may be escalated, please reply by {reply by date}",
            "We have written to you twice about your appraisal for {appraisal year} without a reply.\n\n"
            + "Taking part in annual appraisal is a requirement of revalidation. If we do not hear from you by {reply by date}, this will be escalated to the responsible officer, {RO name}.\n\n"
            + "Office of the responsible officer, {body name}"),
        new(4, "Fourth letter from the responsible officer: please reply by {reply by date}",
            "Despite three letters, you have not taken part in your appraisal for {appraisal year} or replied to us.\n\n"
            + "I am considering telling the GMC that you are not engaging with the processes that support revalidation (a non-engagement recommendation), which may lead to the GMC reviewing your licence to practise. Please reply by {reply by date} if there is anything I should take into account.\n\n"
            + "{RO name}, Responsible officer, {body name}"),
    ];

    public static LetterTemplate Default(int step) => Defaults[step - 1];

    /// <summary>Refuses an empty or over-long subject or body, and any placeholder not in <see cref="Placeholders"/> (naming it and the field).</summary>
    public static Result Check(string? subject, string? body) =>
        Result.All(CheckField("subject", subject, MaxSubjectLength, "Enter the subject."), CheckField("body", body, MaxBodyLength, "Enter the letter."));

    public static string Render(string template, LetterValues values)
    {
        var result = new StringBuilder(template.Length + 128);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            result.Append(template[(open + 1)..close] switch
            {
                DoctorName => values.DoctorName,
                ReplyByDate => UkDate(values.ReplyBy),
                AppraisalYear => values.AppraisalYear ?? "this year",
                RoName => values.ResponsibleOfficerName,
                BodyName => values.BodyName,
                var other => throw new FormatException($"Unknown placeholder '{other}'."),
            });
            i = close + 1;
        }

        return result.ToString();
    }

    /// <summary>"14 January 2027" without a culture (the Web runs with invariant globalisation).</summary>
    public static string UkDate(DateOnly date) => $"{date.Day.ToString(CultureInfo.InvariantCulture)} {MonthNames[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    private static Result CheckField(string field, string? text, int max, string empty)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result.Fail(RuleIds.Validation, field, empty);
        }

        if (text.Length > max)
        {
            return Result.Fail(RuleIds.Validation, field, $"This must be {max.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer.");
        }

        var known = "Use " + string.Join(", ", Placeholders.Select(p => "{" + p + "}")) + ".";
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            var stray = text.IndexOf('}', i);
            if (open < 0)
            {
                return stray >= 0 ? Result.Fail(RuleIds.Validation, field, $"A closing brace has no opening brace. {known}") : Result.Success;
            }

            if (stray >= 0 && stray < open)
            {
                return Result.Fail(RuleIds.Validation, field, $"A closing brace has no opening brace. {known}");
            }

            var close = text.IndexOf('}', open);
            var nested = text.IndexOf('{', open + 1);
            if (close < 0 || (nested >= 0 && nested < close))
            {
                return Result.Fail(RuleIds.Validation, field, $"A placeholder is not closed with '}}'. {known}");
            }

            var name = text[(open + 1)..close];
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
            {
                return Result.Fail(RuleIds.Validation, field, $"'{{{name}}}' is not a placeholder. {known}");
            }

            i = close + 1;
        }

        return Result.Success;
    }
}
