// The official JavaScript SignalR client (@microsoft/signalr) as an ops script or a browser dashboard would use it:
// connect to /hubs/progress as a signed-in user, Subscribe(campaignId), and print every `progress` push as one JSON
// line on stdout until the campaign is Completed. Driven by ProgressHubJsClientTests.
//   node progress-client.mjs <baseUrl> <devUser|-> <campaignId>     ("-": not signed in)
import * as signalR from "@microsoft/signalr";

const [baseUrl, user, campaignId] = process.argv.slice(2);
if (!baseUrl || !user || !campaignId) {
  console.error("usage: node progress-client.mjs <baseUrl> <devUser|-> <campaignId>");
  process.exit(2);
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl(new URL("/hubs/progress", baseUrl).toString(), { headers: user === "-" ? {} : { "X-Dev-User": user } })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const done = new Promise((resolve) => {
  connection.on("progress", (progress) => {
    console.log("progress " + JSON.stringify(progress));
    if (progress.state === "Completed") {
      resolve();
    }
  });
});

try {
  await connection.start();
  const first = await connection.invoke("Subscribe", campaignId);
  console.log("subscribed " + JSON.stringify(first));
  await done;
  await connection.stop();
  process.exit(0);
} catch (error) {
  console.error("hub error: " + (error?.message ?? error));
  process.exit(1);
}
