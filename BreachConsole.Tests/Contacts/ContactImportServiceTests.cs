using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Contacts;

public sealed class ContactImportServiceTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Actor Ops = new("ops.carol", [Roles.Operations]);

    [Fact]
    public async Task Import_StreamFailsMidFile_CommittedBatchesKeptAndFailureAudited()
    {
        var incident = await ContactsApi.CreateIncidentAsync(factory.Api(DemoUsers.OpsCarol));
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        for (var i = 0; i < 5 * ContactImportService.BatchSize; i++)
        {
            csv.Append(ContactsApi.Row($"S-{i}")).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        await using var stream = new FailingStream(bytes, failAfter: bytes.Length * 7 / 10);
        var import = factory.Services.GetRequiredService<ContactImportService>();

        await Assert.ThrowsAsync<IOException>(() => import.ImportAsync(Ops, incident, stream));

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var stored = await db.Contacts.CountAsync(c => c.IncidentId == incident);
        Assert.True(stored > 0 && stored % ContactImportService.BatchSize == 0, $"whole batches only: {stored}");
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Target == $"incident:{incident}" && e.Action == AuditActions.ContactsImported).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(AuditOutcome.Failed, entry.Outcome);
        Assert.Contains($"\"accepted\":\"{stored}\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NotOperations_ForbiddenBeforeReading()
    {
        var import = factory.Services.GetRequiredService<ContactImportService>();
        await using var stream = new FailingStream([], failAfter: 0);

        await Assert.ThrowsAsync<ForbiddenException>(() => import.ImportAsync(new Actor("legal.alice", [Roles.Legal]), Guid.NewGuid(), stream));
    }

    [Fact]
    public async Task Import_ReportsProgressWithBytesRead()
    {
        var incident = await ContactsApi.CreateIncidentAsync(factory.Api(DemoUsers.OpsCarol));
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        for (var i = 0; i < 3 * ContactImportService.BatchSize; i++)
        {
            csv.Append(ContactsApi.Row($"P-{i}")).Append('\n');
        }

        var reports = new List<ImportProgress>();
        var progress = new SynchronousProgress(reports);
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));

        var result = await factory.Services.GetRequiredService<ContactImportService>().ImportAsync(Ops, incident, stream, progress);

        Assert.Equal(3 * ContactImportService.BatchSize, result.Accepted);
        Assert.True(reports.Count >= 3);
        Assert.Equal(stream.Length, reports[^1].BytesRead);
        Assert.Equal(result.Accepted, reports[^1].Accepted);
    }

    private sealed class SynchronousProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAfter ? throw new IOException("connection reset") : base.Read(buffer, offset, Math.Min(count, 4096));

        public override int Read(Span<byte> buffer) =>
            Position >= failAfter ? throw new IOException("connection reset") : base.Read(buffer[..Math.Min(buffer.Length, 4096)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));
    }
}
