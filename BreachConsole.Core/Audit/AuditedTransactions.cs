using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace BreachConsole.Core.Audit;

/// <summary>
/// An explicit transaction that will stage audit entries after writing: it takes the audit chain's writer lock first,
/// then the database's (see <see cref="AuditChainInterceptor.HoldForTransactionAsync"/>).
/// </summary>
public static class AuditedTransactions
{
    public static async Task<AuditedTransaction> BeginAuditedTransactionAsync(this DbContext db, CancellationToken cancellationToken)
    {
        var chain = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<AuditChainInterceptor>().FirstOrDefault();
        if (chain is not null)
        {
            await chain.HoldForTransactionAsync(db, cancellationToken);
        }

        try
        {
            return new AuditedTransaction(await db.Database.BeginTransactionAsync(cancellationToken), () => chain?.ReleaseHold(db));
        }
        catch
        {
            chain?.ReleaseHold(db);
            throw;
        }
    }
}

/// <summary>The transaction of <see cref="AuditedTransactions.BeginAuditedTransactionAsync"/>; disposing it always lets the lock go.</summary>
public sealed class AuditedTransaction(IDbContextTransaction transaction, Action release) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) => transaction.RollbackAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        release();
    }
}
