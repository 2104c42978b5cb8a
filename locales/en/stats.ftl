# Statistics for coordinators and administrators (/stats) and the weekly digest.

cmd-stats = Statistics for coordinators
stats-too-few = Your groups have fewer than { $count } people so far. I show figures about them once there are at least { $count }: in a small group the figures would point to each person. Homework results are on the group card (/groups).

stats-refused = Statistics are for group coordinators. If you run a group, ask the bot's administrator to invite you.

stats-title = 📊 Statistics: { $period }
stats-period-w = this week
stats-period-lw = last week
stats-period-m = 30 days
stats-period-a = all time
stats-scope-all = Everyone who uses the bot.
stats-scope-groups = Members of your groups.
stats-compare = In brackets: the difference from the previous period of the same length.

stats-new-people = New people: { $value }
stats-scenarios = <b>Guides</b>: started → finished (share)
stats-dropouts = <b>Where people stop</b> (step and how many times)
stats-search-miss = Questions with no answer: { $value }
stats-quizzes = Quizzes done: { $value }
stats-quiz-average = , average score { $value }
stats-hardest = Hardest questions (mistakes): { $questions }
stats-homework-line = Homework, "{ $group }": done { $done }, late { $late }, missed { $missed }
stats-pledges = Timurovtsy: promises to help — { $made }, went through the guide { $walked }, it worked on Gosuslugi { $confirmed }, self-reported { $reported }
stats-followups = Answered whether it worked: { $answers }, "Yes" { $share }

stats-indicators = <b>Programme indicators</b>
stats-ind-trained = People trained
stats-ind-eservices = Using Gosuslugi
stats-ind-helped = Helped by Timurovtsy
stats-ind-consultations = Consultations
stats-ind-groups = Active groups

stats-btn-w = This week
stats-btn-lw = Last week
stats-btn-m = 30 days
stats-btn-a = All time
stats-btn-chart = 📈 Chart
stats-btn-csv = 📄 CSV
stats-btn-goals = 🎯 Goals
stats-btn-back = ⬅️ Back to statistics

stats-goals-title = <b>🎯 Goals for { $year }</b> (done since 1 January)
stats-goal-line = { $name }: { $reached } of { $target } ({ $percent }%)
stats-goal-unset = { $name }: { $reached } (no goal set)
stats-goal-ask = Type the { $year } goal for "{ $name }" as one number, for example 150.
stats-goal-bad = I could not read a number. Type the goal in digits, for example 150.
stats-goal-saved = Done: the { $year } goal for "{ $name }" is { $target }.

stats-chart-title = The last 8 weeks
stats-chart-caption = 📈 The last 8 weeks, Monday to Sunday.
stats-chart-weeks = Weeks (from Monday)
stats-chart-count = How many a week
stats-chart-new = New people
stats-chart-start = Started a guide
stats-chart-complete = Finished a guide
stats-chart-quiz_done = Quizzes done

stats-csv-caption-figures = 📄 Statistics: { $period }. The file opens in Excel with a double click.
stats-csv-caption-members = 📄 Group members: { $period }, each one's results. The file opens in Excel with a double click.
stats-csv-file-figures = Statistics, { $period }, { $date }
stats-csv-file-members = Group members, { $period }, { $date }
stats-csv-figure = Figure
stats-csv-now = This period
stats-csv-before = Previous period
stats-csv-new-people = New people
stats-csv-quizzes = Quizzes done
stats-csv-average = Average score, %
stats-csv-search-misses = Questions with no answer
stats-csv-pledges-made = Promised to help (people)
stats-csv-pledges-walked = Went through the guide (pledges)
stats-csv-pledges-confirmed = Confirmed
stats-csv-pledges-self = Self-reported
stats-csv-started = Started: { $title }
stats-csv-finished = Finished: { $title }
stats-csv-group = Group
stats-csv-name = Name
stats-csv-hw-done = Homework done
stats-csv-hw-late = Homework late
stats-csv-hw-missed = Homework missed

stats-digest-title = 📊 The week { $dates }
stats-digest-more = More, with a chart and a table: /stats
