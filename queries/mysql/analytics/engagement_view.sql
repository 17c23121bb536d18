-- The application's own view (StoryboardAI's user_engagement_metrics) for the same days,
-- to compare with the report: its date as a day, as text.
SELECT CAST(DATE(date) AS CHAR) AS day, daily_active_users AS users, projects_created AS created,
       CAST(avg_storyboards_per_project AS CHAR) AS average
FROM {view}
WHERE date >= :first_day AND date < :end_day
