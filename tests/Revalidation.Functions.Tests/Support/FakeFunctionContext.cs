using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Revalidation.Functions.Tests.Support;

/// <summary>
/// A function invocation as the worker's middleware sees it. With an <see cref="HttpContext"/>, it is an HTTP
/// invocation as the ASP.NET Core integration hands it over (the context in <see cref="FunctionContext.Items"/>).
/// </summary>
public sealed class FakeFunctionContext : FunctionContext
{
    // The key under which the ASP.NET Core integration keeps the request's HttpContext (read by GetHttpContext()).
    private const string HttpContextKey = "HttpRequestContext";

    public FakeFunctionContext(string functionName, IServiceProvider services, HttpContext? http = null)
    {
        FunctionDefinition = new Definition(functionName);
        InstanceServices = services;
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(Definition).Assembly.Location;

        public override string EntryPoint => name;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
