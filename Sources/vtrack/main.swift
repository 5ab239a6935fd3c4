import VolunteerCLI

await VtrackCommand.main()
