import DBCore
