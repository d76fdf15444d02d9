namespace BreachConsole.Core.Vault;

/// <summary>
/// Unwrapped keys held in memory once loaded (<see cref="VaultKeyStore"/>, <c>Preferences/PreferenceLinkKeys</c>): one
/// load at a time, and readers after it pay nothing. Work that must not overlap a load (re-wrapping every key) runs
/// through <see cref="ExclusiveAsync{TResult}"/>.
/// </summary>
internal sealed class KeySetCache<T>
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile T? _keys;

    /// <summary>The keys held, or those <paramref name="load"/> reads when none are.</summary>
    public async ValueTask<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (_keys is { } keys)
        {
            return keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _keys ??= await load(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the keys again now (after a rotation committed).</summary>
    public Task<T> ReloadAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) =>
        ExclusiveAsync(async () =>
        {
            var keys = await load(cancellationToken);
            _keys = keys;
            return keys;
        }, cancellationToken);

    /// <summary>Forgets the keys: the next <see cref="GetAsync"/> reads them again.</summary>
    public void Forget() => _keys = null;

    /// <summary>Runs <paramref name="work"/> while no load runs.</summary>
    public async Task<TResult> ExclusiveAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }
}
