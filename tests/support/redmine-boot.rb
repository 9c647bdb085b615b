# Boots the system's Redmine (Debian package) for the tests in one Ruby process: migrate the instance's
# SQLite database, add the test user, serve on loopback. One boot instead of `rake db:migrate`, `rails
# runner` and `rails server` (three Rails boots, ~10 s each on a busy machine). Driven by tests/support/redmine.ts.
require 'webrick' # before Bundler.setup hides it: Debian's Gemfile names no web server
require 'fileutils'

root = ENV.fetch('PW2FA_REDMINE_ROOT')
Dir.chdir(root)
require File.join(root, 'config', 'environment')

ActiveRecord::Tasks::DatabaseTasks.migrate
ActiveRecord::Base.descendants.each(&:reset_column_information)

# The migrated, still empty database is kept for the next run: migrating takes most of the start-up.
template = ENV['PW2FA_REDMINE_TEMPLATE'].to_s
unless template.empty? || File.exist?(template)
  database = ActiveRecord::Base.connection_db_config.database
  FileUtils.cp(database, "#{template}.#{Process.pid}")
  File.rename("#{template}.#{Process.pid}", template)
end

ENV.fetch('PW2FA_REDMINE_LOGINS').split(',').each do |login|
  user = User.new(firstname: login.capitalize, lastname: 'Tester', mail: "#{login}@example.test", language: 'en')
  user.login = login
  user.password = ENV.fetch('PW2FA_REDMINE_PASSWORD')
  user.password_confirmation = user.password
  user.save!
end
Setting.default_language = 'en'

require 'rack/handler/webrick'
Rack::Handler::WEBrick.run(
  Rails.application,
  Host: '127.0.0.1',
  Port: Integer(ENV.fetch('PW2FA_REDMINE_PORT')),
  AccessLog: [],
)
