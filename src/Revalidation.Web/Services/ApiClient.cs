using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revalidation.Web.Services;

/// <summary>One error to show in the error summary, linked to the field it is about when there is one.</summary>
public sealed record ErrorItem(string Message, string? FieldId = null);

/// <summary>A ProblemDetails answer from the API (400, 401, 403, 404, 409, 413, 415, 422, 5xx), in words for the error summary.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyList<ErrorItem> Errors)
{
    public static ApiProblem Network() => new(0, "The service could not be reached.", "Check your connection and try again.", []);

    /// <summary>What the person reads: the field errors when there are any, else the detail or a plain sentence for the status.</summary>
    public IReadOnlyList<ErrorItem> Items => Errors.Count > 0
        ? Errors
        : [new ErrorItem(Detail ?? Status switch
        {
            401 => "Your sign-in has expired. Sign in again.",
            403 => "You do not have permission to do this.",
            404 => "The record was not found, or you do not have access to it.",
            409 => "Someone else changed this record. Reload the page and try again.",
            _ => Title,
        })];

    public static ApiProblem Parse(int status, string? body)
    {
        var title = status switch
        {
            400 => "The request is not valid.",
            401 => "You are not signed in.",
            403 => "You do not have permission to do this.",
            404 => "Not found.",
            409 => "Conflict.",
            413 => "The file is too large.",
            415 => "Unsupported file type.",
            422 => "The request breaks a revalidation rule.",
            _ => "Something went wrong.",
        };
        string? detail = null;
        var errors = new List<ErrorItem>();
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        title = t.GetString()!;
                    }

                    if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String)
                    {
                        detail = Plain(d.GetString());
                    }

                    if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var field in e.EnumerateObject())
                        {
                            foreach (var message in field.Value.EnumerateArray())
                            {
                                errors.Add(new ErrorItem(Plain(message.GetString()), FieldIds.For(field.Name)));
                            }
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's page, say): the status line's words are all we have.
            }
        }

        return new ApiProblem(status, title, detail, errors);
    }

    /// <summary>
    /// A message as a clinician reads it (issue 15, item 9): without the API's rule references ("(R12)", "(R10, R3)"),
    /// which the problem also carries in its "rules" list for other clients; and the framework's byte-count wording of a
    /// body too large in words.
    /// </summary>
    public static string Plain(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        if (message.Contains("request body size", StringComparison.OrdinalIgnoreCase) || message.Contains("Request body too large", StringComparison.OrdinalIgnoreCase))
        {
            return "The file is too large to upload.";
        }

        return System.Text.RegularExpressions.Regex.Replace(message, @"\s*\((?:R\d+(?:,\s*)?)+\)", string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
    }
}

/// <summary>The HTML ids of form fields are the API's field names, so a problem's errors link to the field at fault.</summary>
public static class FieldIds
{
    public static string For(string apiField) => apiField.Length == 0 ? "body" : char.ToLowerInvariant(apiField[0]) + apiField[1..];
}

public sealed record ApiResult<T>(T? Value, ApiProblem? Problem, string? ETag = null)
{
    public bool Ok => Problem is null;
}

/// <summary>Where the API's bearer token comes from: the demo sign-in, or the OIDC sign-in in production.</summary>
public interface ITokenSource
{
    ValueTask<string?> GetTokenAsync();
}

/// <summary>Calls the API (same origin when the Server hosts the UI; ApiBaseUrl when it is a Static Web App).</summary>
public sealed class ApiClient(HttpClient http, ITokenSource tokens)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public Uri BaseAddress => http.BaseAddress!;

    public string Url(string path) => new Uri(http.BaseAddress!, path.TrimStart('/')).ToString();

    public ValueTask<string?> TokenAsync() => tokens.GetTokenAsync();

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, string? ifMatch = null, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Post, path, body, ifMatch, ct);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, string? ifMatch = null, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Put, path, body, ifMatch, ct);

    /// <summary>Posts a body that is not JSON (an uploaded CSV file, say).</summary>
    public Task<ApiResult<T>> PostContentAsync<T>(string path, HttpContent content, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Post, path, content, null, ct);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (await tokens.GetTokenAsync() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        }

        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException)
        {
            return new ApiResult<T>(default, ApiProblem.Network());
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(default, ApiProblem.Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
            }

            var etag = response.Headers.ETag?.Tag.Trim('"');
            if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
            {
                return new ApiResult<T>(default, null, etag);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return new ApiResult<T>(value, null, etag);
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
