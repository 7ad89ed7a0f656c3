-- CreateEnum
CREATE TYPE "DevicePower" AS ENUM ('BATTERY', 'MAINS', 'MAINS_BATTERY');

-- CreateEnum
CREATE TYPE "DeviceNetwork" AS ENUM ('NB_IOT', 'CELLULAR', 'WIFI', 'LORA', 'ETHERNET', 'WIRED_BUS');

-- AlterTable
ALTER TABLE "DeviceModel" ADD COLUMN     "network" "DeviceNetwork",
ADD COLUMN     "power" "DevicePower";
