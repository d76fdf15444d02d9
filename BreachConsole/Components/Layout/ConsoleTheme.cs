using MudBlazor;

namespace BreachConsole.Components.Layout;

internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#b42318", AppbarBackground = "#b42318", AppbarText = "#ffffff", Secondary = "#1d4ed8" },
        PaletteDark = new PaletteDark { Primary = "#f97066", AppbarBackground = "#3b0d0c", AppbarText = "#ffffff", Secondary = "#93c5fd" },
    };
}
