namespace BreachConsole.Core.Genesys;

/// <summary>Genesys Cloud regions and their API hosts (../shared/docs/genesys-cloud.md). The login host swaps <c>api.</c> for <c>login.</c>.</summary>
public static class GenesysRegions
{
    public static IReadOnlyDictionary<string, string> ApiHosts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["us_east_1"] = "api.mypurecloud.com",
        ["eu_west_1"] = "api.mypurecloud.ie",
        ["eu_central_1"] = "api.mypurecloud.de",
        ["eu_west_2"] = "api.euw2.pure.cloud",
        ["ap_southeast_2"] = "api.mypurecloud.com.au",
        ["ap_northeast_1"] = "api.mypurecloud.jp",
        ["us_west_2"] = "api.usw2.pure.cloud",
        ["ca_central_1"] = "api.cac1.pure.cloud",
        ["ap_south_1"] = "api.aps1.pure.cloud",
        ["sa_east_1"] = "api.sae1.pure.cloud",
        ["eu_central_2"] = "api.euc2.pure.cloud",
        ["me_central_1"] = "api.mec1.pure.cloud",
        ["ap_northeast_2"] = "api.apne2.pure.cloud",
        ["ap_northeast_3"] = "api.apne3.pure.cloud",
        ["ap_southeast_1"] = "api.apse1.pure.cloud",
        ["mx_central_1"] = "api.mxc1.pure.cloud",
        ["us_east_2"] = "api.use2.us-gov-pure.cloud",
    };

    public static Uri ApiBaseUrl(string region) => new($"https://{ApiHosts[region]}/");

    public static Uri LoginBaseUrl(string region) => new($"https://login.{ApiHosts[region]["api.".Length..]}/");
}
