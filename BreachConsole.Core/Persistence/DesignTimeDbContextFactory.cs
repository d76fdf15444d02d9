using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BreachConsole.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BreachConsoleDbContext>
{
    public BreachConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BreachConsoleDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
