import VolunteerAPI

await ServerCommand.main()
