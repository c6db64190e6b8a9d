using System.Collections.Concurrent;
using System.Reflection;
using Revalidation.Core.Store;

namespace Revalidation.Alerts.Tests.Support;

/// <summary>Counts the store round trips (calls of the port, by method) made through it; forwards everything else unchanged.</summary>
public class CountingStore : DispatchProxy
{
    private IRevalidationStore inner = null!;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public int Total => Calls.Values.Sum();

    public static (IRevalidationStore Store, CountingStore Counter) Wrap(IRevalidationStore inner)
    {
        var proxy = Create<IRevalidationStore, CountingStore>();
        var counter = (CountingStore)(object)proxy;
        counter.inner = inner;
        return (proxy, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
