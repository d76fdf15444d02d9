using BreachConsole.Core.Audit;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Infrastructure.AuditTestKit;

namespace BreachConsole.Tests.Audit;

/// <summary>
/// Lock order over a real SQLite file: a transaction that audits takes the audit chain's lock before the database's, and
/// one that does not is refused at once instead of deadlocking against another writer for SQLite's busy timeout.
/// </summary>
public sealed class AuditedTransactionTests
{
    [Fact]
    public async Task AuditedTransaction_AnotherWriterWaitingForTheChain_BothCommitAndTheChainHolds()
    {
        using var app = new ConsoleFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();

        await using var db = await contexts.CreateDbContextAsync();
        var transaction = await db.BeginAuditedTransactionAsync(CancellationToken.None);
        // A second writer arrives while the transaction is open: it waits for the chain, not for SQLite.
        var other = Trail(app).RecordAsync(new AuditRecord("ops.dave", "Operations", "test.other", "x"));
        await Task.Yield();
        Assert.False(other.IsCompleted);

        db.AddAudit(new AuditRecord("ops.carol", "Operations", "test.inside", "y"));
        await db.SaveChangesAsync();
        await transaction.CommitAsync(CancellationToken.None);
        await transaction.DisposeAsync();
        await other.WaitAsync(TimeSpan.FromSeconds(15));

        var result = await Trail(app).VerifyChainAsync();
        Assert.True(result.Valid);
        Assert.Equal(2, result.Entries);
        var actions = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal(["test.inside", "test.other"], actions);
    }

    [Fact]
    public async Task Save_AuditStagedInsidePlainTransaction_IsRefusedAndTheChainStaysWritable()
    {
        using var app = new ConsoleFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();

        await using (var db = await contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AddAudit(new AuditRecord("ops.carol", "Operations", "test.unordered", "x"));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains(nameof(AuditedTransactions.BeginAuditedTransactionAsync), refused.Message, StringComparison.Ordinal);
        }

        await Trail(app).RecordAsync(new AuditRecord("ops.dave", "Operations", "test.after", "x")).WaitAsync(TimeSpan.FromSeconds(15));
        var result = await Trail(app).VerifyChainAsync();
        Assert.True(result.Valid);
        Assert.Equal(1, result.Entries);
    }
}
