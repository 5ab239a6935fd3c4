import VolunteerCLI

await VtrackCommand.runAsMain()
