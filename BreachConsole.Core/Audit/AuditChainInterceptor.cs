using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Audit;

/// <summary>
/// Links staged <see cref="AuditEntry"/> rows into the chain as they are saved. Writers are serialized from reading the
/// chain head until their transaction ends (SaveChanges' own, or an explicit one it runs inside), so the chain never
/// forks and a rolled-back action leaves no entry behind. Each linked entry is sealed with the vault's audit seal key
/// (<see cref="AuditSeal"/>); the vault is resolved lazily because it reads its keys through this same database.
/// </summary>
public sealed class AuditChainInterceptor(TimeProvider time, IServiceProvider services) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    // Contexts holding the writer lock → whether they linked inside a transaction the caller opened.
    private readonly ConcurrentDictionary<DbContext, bool> _holders = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await LinkAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        LinkAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ReleaseUnlessInTransaction(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => ReleaseUnlessInTransaction(eventData.Context);

    // A concurrency conflict is not reported through SaveChangesFailed.
    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        ReleaseUnlessInTransaction(eventData.Context);
        return result;
    }

    private async Task LinkAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            return;
        }

        var staged = context.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Hash.Length == 0)
            .Select(e => e.Entity)
            .OrderByDescending(e => e.Sequence) // placeholders -1, -2, ... in the order they were staged
            .ToList();
        if (staged.Count == 0)
        {
            return;
        }

        // The keys are loaded (and, on a new database, created) before the writer lock is taken; start-up loads them
        // before any request, so this is a cached read in practice.
        var sealKey = (await services.GetRequiredService<Vault.VaultKeyStore>().GetAsync(cancellationToken)).AuditSealKey;
        if (!_holders.ContainsKey(context))
        {
            if (context.Database.CurrentTransaction is not null)
            {
                // Waiting for the audit lock while holding SQLite's write lock deadlocks against a writer that holds the
                // audit lock and waits on SQLite: refused at once rather than after the 30-second busy timeout.
                throw new InvalidOperationException(
                    "Audit entries were staged inside a transaction that did not take the audit lock first: begin it with BeginAuditedTransactionAsync.");
            }

            await _writer.WaitAsync(cancellationToken);
            // Remember whether a caller's transaction is open: then the head is held until that transaction ends.
            _holders[context] = context.Database.CurrentTransaction is not null;
        }

        try
        {
            await LinkStagedAsync(context, staged, sealKey, cancellationToken);
        }
        catch
        {
            // EF calls this hook outside its own try: a failed or cancelled head read gets no SaveChangesFailed call.
            Release(context);
            throw;
        }
    }

    private async Task LinkStagedAsync(DbContext context, List<AuditEntry> staged, byte[] sealKey, CancellationToken cancellationToken)
    {
        var head = await context.Set<AuditEntry>().AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash, e.At })
            .FirstOrDefaultAsync(cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? AuditCanonical.GenesisHash;
        // Time never runs backwards along the chain (a clock step back keeps the previous time), so a date range is a
        // contiguous run of sequences and the auditor's date filters stay index seeks.
        var now = time.GetUtcNow();
        if (head is not null && head.At > now)
        {
            now = head.At;
        }

        foreach (var entry in staged)
        {
            entry.Sequence = ++sequence;
            entry.At = now;
            entry.PreviousHash = previous;
            entry.Hash = AuditCanonical.ComputeHash(entry);
            entry.Seal = AuditSeal.Compute(sealKey, entry.Hash);
            previous = entry.Hash;
            AuditMetrics.Linked(entry);
        }
    }

    /// <summary>
    /// Takes the chain's writer lock for <paramref name="context"/> before it begins an explicit transaction that will
    /// stage audit entries (<see cref="AuditedTransactions.BeginAuditedTransactionAsync"/>): the audit lock is always taken
    /// before the database's write lock, never after it, so a transaction that has written and then audits cannot wait on
    /// a writer that holds the audit lock and waits on the database (SQLite's 30-second busy timeout and a failure).
    /// </summary>
    internal async Task HoldForTransactionAsync(DbContext context, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        _holders[context] = true;
    }

    /// <summary>Lets go of a hold whose transaction ended without commit or rollback (disposed); no-op when already released.</summary>
    internal void ReleaseHold(DbContext context) => Release(context);

    // SaveChanges' own transaction may still be open while EF reports a failure, so the decision rests on whether the
    // caller had opened one when the entry was linked, not on the context's current state.
    private void ReleaseUnlessInTransaction(DbContext? context)
    {
        if (context is not null && _holders.TryGetValue(context, out var callerTransaction) && !callerTransaction)
        {
            Release(context);
        }
    }

    private void Release(DbContext context)
    {
        if (_holders.TryRemove(context, out _))
        {
            _writer.Release();
        }
    }

    // An explicit transaction keeps the chain head until it commits or rolls back.
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context!);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context!);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context!);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context!);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context!);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context!);
}
