import VolunteerAPI

await ServerCommand.runAsMain()
