-- The application's own view (StoryboardAI's user_engagement_metrics) for the same days,
-- to compare with the report: its date truncated to the day, as text.
SELECT CAST(CAST(date AS date) AS text) AS day, daily_active_users AS users, projects_created AS created,
       CAST(avg_storyboards_per_project AS text) AS average
FROM {view}
WHERE date >= CAST(:first_day AS date) AND date < CAST(:end_day AS date)
