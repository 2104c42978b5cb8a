# Статистика для координаторов и администраторов (/stats) и еженедельная сводка.

cmd-stats = Статистика для координаторов
stats-too-few = В ваших группах пока меньше { $count } человек. Цифры о них я показываю, когда людей хотя бы { $count }: в маленькой группе по цифрам можно узнать каждого. Результаты заданий — в карточке группы (/groups).

stats-refused = Статистика доступна координаторам групп. Если вы ведёте группу, попросите администратора бота пригласить вас.

stats-title = 📊 Статистика: { $period }
stats-period-w = эта неделя
stats-period-lw = прошлая неделя
stats-period-m = 30 дней
stats-period-a = всё время
stats-scope-all = Все, кто пользуется ботом.
stats-scope-groups = Участники ваших групп.
stats-compare = В скобках — разница с предыдущим таким же периодом.

stats-new-people = Новых людей: { $value }
stats-scenarios = <b>Инструкции</b>: начали → прошли до конца (доля)
stats-dropouts = <b>Где останавливаются</b> (шаг и сколько раз)
stats-search-miss = Вопросов без ответа: { $value }
stats-quizzes = Тестов пройдено: { $value }
stats-quiz-average = , средний балл { $value }
stats-hardest = Трудные вопросы (ошибок): { $questions }
stats-homework-line = Задания, «{ $group }»: сдано { $done }, с опозданием { $late }, не сдано { $missed }
stats-pledges = Тимуровцы: обещаний помочь — { $made }, прошли инструкцию { $walked }, на Госуслугах получилось { $confirmed }, отметили сами { $reported }
stats-followups = Ответили, получилось ли: { $answers }, из них «Да» { $share }

stats-indicators = <b>Показатели программы</b>
stats-ind-trained = Обучено людей
stats-ind-eservices = Пользуются Госуслугами
stats-ind-helped = Помогли тимуровцы
stats-ind-consultations = Консультации
stats-ind-groups = Активных групп

stats-btn-w = Эта неделя
stats-btn-lw = Прошлая неделя
stats-btn-m = 30 дней
stats-btn-a = Всё время
stats-btn-chart = 📈 График
stats-btn-csv = 📄 CSV
stats-btn-goals = 🎯 Цели
stats-btn-back = ⬅️ К статистике

stats-goals-title = <b>🎯 Цели на { $year } год</b> (сделано с 1 января)
stats-goal-line = { $name }: { $reached } из { $target } ({ $percent }%)
stats-goal-unset = { $name }: { $reached } (цель не задана)
stats-goal-ask = Напишите цель на { $year } год для показателя «{ $name }» — одним числом, например 150.
stats-goal-bad = Не получилось понять число. Напишите цель цифрами, например 150.
stats-goal-saved = Готово: цель «{ $name }» на { $year } год — { $target }.

stats-chart-title = Последние 8 недель
stats-chart-caption = 📈 Последние 8 недель, по неделям с понедельника.
stats-chart-weeks = Недели (с понедельника)
stats-chart-count = Сколько за неделю
stats-chart-new = Новые люди
stats-chart-start = Начали инструкцию
stats-chart-complete = Прошли до конца
stats-chart-quiz_done = Пройдено тестов

stats-csv-caption-figures = 📄 Статистика: { $period }. Файл открывается в Excel двойным щелчком.
stats-csv-caption-members = 📄 Участники групп: { $period } — результаты каждого. Файл открывается в Excel двойным щелчком.
stats-csv-file-figures = Статистика, { $period }, { $date }
stats-csv-file-members = Участники групп, { $period }, { $date }
stats-csv-figure = Показатель
stats-csv-now = Этот период
stats-csv-before = Предыдущий период
stats-csv-new-people = Новых людей
stats-csv-quizzes = Тестов пройдено
stats-csv-average = Средний балл, %
stats-csv-search-misses = Вопросов без ответа
stats-csv-pledges-made = Обещали помочь (людям)
stats-csv-pledges-walked = Прошли инструкцию (обещания)
stats-csv-pledges-confirmed = Подтверждено
stats-csv-pledges-self = Отмечено самими
stats-csv-started = Начали: { $title }
stats-csv-finished = Прошли до конца: { $title }
stats-csv-group = Группа
stats-csv-name = Имя
stats-csv-hw-done = Заданий сдано
stats-csv-hw-late = Сдано с опозданием
stats-csv-hw-missed = Заданий не сдано

stats-digest-title = 📊 Итоги недели { $dates }
stats-digest-more = Подробнее, график и таблица — /stats
