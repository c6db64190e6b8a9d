using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Infrastructure.DirectorySync;

public enum DirectorySourceKind
{
    /// <summary>A CSV or JSON export (e.g. from ESR): the embedded default.</summary>
    File,
    /// <summary>Microsoft Entra ID through Microsoft Graph delta queries.</summary>
    Graph,
}

/// <summary>
/// The directory sources of this host ("Directory:Sources:{id}"), validated at start-up. Each is run by the one sync
/// engine; its <see cref="DirectorySourceOptions.DesignatedBody"/> is the body whose admins see its runs and run it.
/// </summary>
public sealed partial class DirectorySourcesOptions : IValidatableObject
{
    public const string Section = "Directory";

    public Dictionary<string, DirectorySourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, source) in Sources)
        {
            if (!SourceId().IsMatch(id))
            {
                yield return new ValidationResult($"Directory source id '{id}' must be 1–40 lower-case letters, digits or hyphens.", [nameof(Sources)]);
            }

            foreach (var problem in ValidateTree(source, $"Sources:{id}"))
            {
                yield return problem;
            }
        }
    }

    /// <summary>Data annotations and <see cref="IValidatableObject"/> of an options object and the options objects it holds.</summary>
    internal static IEnumerable<ValidationResult> ValidateTree(object options, string path)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var r in results)
        {
            yield return new ValidationResult($"{path}: {r.ErrorMessage}", r.MemberNames.Select(m => $"{path}:{m}").ToArray());
        }

        if (options is DirectorySourceOptions source)
        {
            var nested = source.Kind switch
            {
                DirectorySourceKind.File => (object?)source.File,
                DirectorySourceKind.Graph => source.Graph,
                _ => null,
            };
            if (nested is null)
            {
                yield return new ValidationResult($"{path}: a {source.Kind} source needs its '{source.Kind}' settings.", [$"{path}:{source.Kind}"]);
                yield break;
            }

            foreach (var r in ValidateTree(nested, $"{path}:{source.Kind}"))
            {
                yield return r;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex SourceId();
}

public sealed class DirectorySourceOptions : IValidatableObject
{
    public DirectorySourceKind Kind { get; set; } = DirectorySourceKind.File;

    /// <summary>The designated body whose admins run this source, see its runs, and get its issues that belong to no other body.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DesignatedBody { get; set; } = string.Empty;

    public string? Description { get; set; }

    public FileDirectorySourceOptions? File { get; set; }

    public GraphDirectorySourceOptions? Graph { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Kind))
        {
            yield return new ValidationResult("Kind is File or Graph.", [nameof(Kind)]);
        }

        if (!string.IsNullOrEmpty(DesignatedBody) && !DesignatedBodyCode.Create(DesignatedBody).IsSuccess)
        {
            yield return new ValidationResult($"'{DesignatedBody}' is not a designated body code.", [nameof(DesignatedBody)]);
        }
    }
}

public enum DirectoryFileFormat
{
    /// <summary>By the file's extension: .json is JSON, anything else CSV.</summary>
    Auto,
    Csv,
    Json,
}

/// <summary>
/// A CSV or JSON export with a header (CSV) or property names (JSON) among: id (employee or assignment number),
/// gmc_number, given_name, family_name, email, department, specialty, designated_body, active, rsd.
/// </summary>
public sealed class FileDirectorySourceOptions : IValidatableObject
{
    /// <summary>The file; a relative path is taken from the host's content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = string.Empty;

    public DirectoryFileFormat Format { get; set; } = DirectoryFileFormat.Auto;

    /// <summary>The CSV field delimiter (ESR exports use a comma, a pipe or a tab).</summary>
    public char Delimiter { get; set; } = ',';

    /// <summary>
    /// The file lists every current doctor (a complete export): doctors of this source absent from it become leavers.
    /// False for a file of changes only.
    /// </summary>
    public bool FullSet { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Delimiter is '"' or '\r' or '\n')
        {
            yield return new ValidationResult("The delimiter cannot be a quote or a line break.", [nameof(Delimiter)]);
        }
    }
}
